namespace CoachConsole.Web.Tests.Infrastructure;

/// <summary>
/// The one way a test waits for what another thread, process or server does: polls until the
/// condition holds, and fails naming what was awaited after a deadline generous for a loaded
/// two-core CI machine. Nothing here measures speed, and "nothing happens" is never awaited here:
/// such a test moves the fake clock, or waits for a later event that must come after.
/// </summary>
public static class Eventually
{
    /// <summary>How long any test waits for something before it fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls until the condition holds; fails naming what was awaited.</summary>
    public static async Task HoldsAsync(string what, Func<Task<bool>> condition, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = within ?? Timeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(Interval);
        }
    }

    /// <inheritdoc cref="HoldsAsync(string, Func{Task{bool}}, TimeSpan?)"/>
    public static Task HoldsAsync(string what, Func<bool> condition, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return HoldsAsync(what, () => Task.FromResult(condition()), within);
    }

    /// <summary>Reads until the value is the expected one; fails naming what was awaited and the last value read.</summary>
    public static async Task<T> EqualsAsync<T>(string what, T expected, Func<Task<T>> read, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        var limit = within ?? Timeout;
        var deadline = DateTime.UtcNow + limit;
        T last;
        while (!EqualityComparer<T>.Default.Equals(last = await read(), expected))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}: expected {expected}, last read {last}.");
            }

            await Task.Delay(Interval);
        }

        return last;
    }

    /// <summary>Runs the assertion until it passes; fails naming what was awaited, with the last failure.</summary>
    public static async Task PassesAsync(string what, Func<Task> assertion, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var limit = within ?? Timeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow <= deadline)
            {
                // Not yet: try again after a moment.
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Waited {limit.TotalSeconds:0} s for {what}; the last try said: {ex.Message}", ex);
            }

            await Task.Delay(Interval);
        }
    }

    /// <inheritdoc cref="PassesAsync(string, Func{Task}, TimeSpan?)"/>
    public static Task PassesAsync(string what, Action assertion, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return PassesAsync(what, () =>
        {
            assertion();
            return Task.CompletedTask;
        }, within);
    }
}
