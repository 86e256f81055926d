using System.Collections.Concurrent;
using Bunit;
using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Realtime;
using CoachConsole.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Realtime;

/// <summary>
/// The real conversation path delivering to the bus: after the conversation's gate, in order, and
/// a component's failure reaching its circuit's error handling instead of leaving it stale.
/// </summary>
public sealed class ConversationDeliveryTests : ComponentTestContext
{
    private ConversationService Conversations => Services.GetRequiredService<ConversationService>();

    private ConversationEventBus Bus => Services.GetRequiredService<ConversationEventBus>();

    private Task<ConversationView> StartAsync() =>
        Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "a refund", "ana", null, null));

    [Fact]
    public async Task Subscribers_RunOnceTheConversationsGateIsReleased()
    {
        var locks = Services.GetRequiredService<ConversationLocks>();
        var c = await StartAsync();
        var gateFree = new ConcurrentQueue<(UpdateKind Kind, bool Free)>();
        using var subscription = Bus.SubscribeConversation(c.Id, u =>
        {
            var taking = locks.AcquireAsync(c.Id, CancellationToken.None);
            gateFree.Enqueue((u.Kind, taking.IsCompletedSuccessfully));
            _ = taking.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        });

        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "Where is my refund?!", null, null, null));
        await Conversations.PartialAsync(c.Id, Speaker.Customer, "and another", "p-1");
        await Conversations.EscalateAsync(c.Id, "the agent raised a hand");
        await Conversations.EndAsync(c.Id);

        Assert.Equal(
            [(UpdateKind.TurnAdded, true), (UpdateKind.Partial, true), (UpdateKind.StageChanged, true), (UpdateKind.Ended, true)],
            gateFree);
    }

    [Fact]
    public async Task ConcurrentTurnsOfOneConversation_ReachSubscribersInRevisionOrder_EachOnce()
    {
        var c = await StartAsync();
        var revisions = new ConcurrentQueue<int>();
        using var subscription = Bus.SubscribeConversation(c.Id, u =>
        {
            if (u.Turn is not null)
            {
                revisions.Enqueue(u.Conversation.Revision);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Conversations.AddTurnAsync(c.Id, new AddTurn(i % 2 == 0 ? Speaker.Customer : Speaker.Agent, $"message {i}", $"t-{i}", null, null)))));

        var seen = revisions.ToList();
        Assert.Equal(12, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task AComponentFailingOnAnUpdate_FailsIntoItsErrorBoundary_WhileOtherSubscribersStillGetIt()
    {
        var c = await StartAsync();
        var others = new ConcurrentQueue<UpdateKind>();
        using var other = Bus.SubscribeConversation(c.Id, u => others.Enqueue(u.Kind));
        var boundary = Render<ErrorBoundary>(p => p
            .Add(b => b.ChildContent, (RenderFragment)(builder =>
            {
                builder.OpenComponent<FailingWatcher>(0);
                builder.AddAttribute(1, nameof(FailingWatcher.ConversationId), c.Id);
                builder.CloseComponent();
            }))
            .Add(b => b.ErrorContent, (RenderFragment<Exception>)(ex => builder => builder.AddMarkupContent(0, $"<p class=\"failed\">{ex.Message}</p>"))));

        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "Hello?", null, null, null));
        boundary.WaitForAssertion(() => Assert.Equal("1", boundary.Find(".seen").TextContent));

        await Conversations.EscalateAsync(c.Id, "the agent raised a hand");
        boundary.WaitForAssertion(() => Assert.Equal("Could not apply the StageChanged update", boundary.Find(".failed").TextContent));
        Assert.Equal([UpdateKind.TurnAdded, UpdateKind.StageChanged], others);
    }

    [Fact]
    public async Task AnAbusiveWrapUp_OffersTheAgentABreakAsANotice_AndPublishesNoConversationUpdate()
    {
        var c = await StartAsync();
        await Conversations.AddTurnAsync(c.Id, new AddTurn(Speaker.Customer, "You're useless, you idiot", null, null, null));
        await Conversations.EndAsync(c.Id);
        var notices = new ConcurrentQueue<CoachConsole.Web.Floor.AgentNotice>();
        var updates = new ConcurrentQueue<ConversationUpdate>();
        using var roster = Services.GetRequiredService<CoachConsole.Web.Floor.Roster>().Subscribe(notices.Enqueue);
        using var bus = Bus.SubscribeAll(updates.Enqueue);

        await Services.GetRequiredService<WrapUps>().SubmitAsync(c.Id, "ana", new WrapUpInput(CoachConsole.Web.Data.Outcome.EndedForAbuse, null, null, null, null, false));

        var notice = Assert.Single(notices);
        Assert.Equal("ana", notice.AgentId);
        Assert.Null(notice.From);
        Assert.Empty(updates);
    }

    /// <summary>A component that applies its conversation's turns and fails on anything else.</summary>
    private sealed class FailingWatcher : ComponentBase, IDisposable
    {
        private IDisposable? _subscription;
        private int _seen;

        [Parameter]
        public Guid ConversationId { get; set; }

        [Inject]
        private ConversationEventBus Events { get; set; } = default!;

        public void Dispose() => _subscription?.Dispose();

        protected override void OnInitialized() =>
            _subscription = Events.SubscribeConversation(ConversationId, new RendererDelivery(InvokeAsync, DispatchExceptionAsync).To<ConversationUpdate>(u =>
            {
                if (u.Turn is null)
                {
                    throw new InvalidOperationException($"Could not apply the {u.Kind} update");
                }

                _seen++;
                StateHasChanged();
            }));

        protected override void BuildRenderTree(RenderTreeBuilder builder) =>
            builder.AddMarkupContent(0, $"<p class=\"seen\">{_seen}</p>");
    }
}
