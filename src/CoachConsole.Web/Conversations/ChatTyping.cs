using CoachConsole.Web.Realtime;

namespace CoachConsole.Web.Conversations;

/// <summary>Someone on the console is typing an answer in a chat; never stored.</summary>
public sealed record AgentTyping(Guid ConversationId, string Name, DateTimeOffset At);

/// <summary>
/// The "is typing" signal from the agent's console to the customer's chat, on whichever instance
/// each of them is: a light message of its own, never a conversation update and never stored. The
/// console sends at most one every <see cref="Every"/>; the chat shows it for <see cref="Lasts"/>
/// after the last one.
/// </summary>
public sealed class ChatTyping(ClusterMessages cluster, TimeProvider clock, ILogger<ChatTyping> logger)
{
    /// <summary>How often a console sends the signal while its agent keeps typing.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    /// <summary>How long the chat shows the signal after the last one.</summary>
    public static readonly TimeSpan Lasts = TimeSpan.FromSeconds(5);

    private readonly Broadcast<AgentTyping> _typing = new(logger);

    public IDisposable Subscribe(Action<AgentTyping> handler) => _typing.Subscribe(handler);

    /// <summary>
    /// A keystroke in the answer to <paramref name="conversationId"/>: signals it when the last
    /// signal (<paramref name="lastSent"/>, kept by the console) is at least <see cref="Every"/> old.
    /// </summary>
    public void Typed(Guid conversationId, string name, ref DateTimeOffset? lastSent)
    {
        var now = clock.GetUtcNow();
        if (lastSent is { } last && now - last < Every && now >= last)
        {
            return;
        }

        lastSent = now;
        var typing = new AgentTyping(conversationId, name, now);
        _typing.Publish(typing);
        cluster.Send(typing);
    }

    /// <summary>Shows this instance's chats a signal sent on another instance.</summary>
    public void DeliverFromCluster(AgentTyping typing)
    {
        ArgumentNullException.ThrowIfNull(typing);
        _typing.Publish(typing);
    }

    public static IServiceCollection AddChatTyping(IServiceCollection services)
    {
        services.AddSingleton<ChatTyping>();
        services.AddClusterMessage<AgentTyping>(
            "typing",
            (sp, typing, _) =>
            {
                sp.GetRequiredService<ChatTyping>().DeliverFromCluster(typing);
                return Task.CompletedTask;
            });
        return services;
    }
}
