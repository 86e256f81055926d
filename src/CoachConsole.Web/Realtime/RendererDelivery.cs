namespace CoachConsole.Web.Realtime;

/// <summary>
/// Hands messages from the in-process feeds to a Blazor component on its renderer, with the
/// component's own error handling: built from the component's <c>InvokeAsync</c> and
/// <c>DispatchExceptionAsync</c>, so an exception while applying a message reaches the circuit
/// (the enclosing error boundary, or the circuit's failure) instead of leaving the page stale.
/// </summary>
public sealed class RendererDelivery(Func<Action, Task> invokeAsync, Func<Exception, Task> dispatchExceptionAsync)
{
    /// <summary>A handler for a feed that applies each message on the component's renderer.</summary>
    public Action<T> To<T>(Action<T> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return message => _ = ApplyAsync(message, apply);
    }

    private async Task ApplyAsync<T>(T message, Action<T> apply)
    {
        try
        {
            await invokeAsync(() => apply(message));
        }
        catch (Exception ex)
        {
            await dispatchExceptionAsync(ex);
        }
    }
}
