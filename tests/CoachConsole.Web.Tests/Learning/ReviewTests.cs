using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using static CoachConsole.Web.Tests.Learning.LearningHost;

namespace CoachConsole.Web.Tests.Learning;

public sealed class ReviewTests : LearningTests
{
    private ConversationService Conversations => Host.Get<ConversationService>();

    private ReviewService Reviews => Host.Get<ReviewService>();

    /// <summary>A billing call through the real path: angry customer, a card used, a whisper, calm, ended, wrapped up.</summary>
    private async Task<(Guid Id, List<TurnAccepted> Turns, string UsedPhrase)> RecordAsync(bool shareReflection = true)
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "charged twice on my bill", "ana", null, ["a refund of the second charge"]));
        var turns = new List<TurnAccepted>
        {
            await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "This is RIDICULOUS! I was charged twice and it's the third time I've called!", null, null, null)),
        };
        var card = turns[0].Conversation.Suggestions[0];
        Host.Clock.Advance(TimeSpan.FromSeconds(20));
        turns.Add(await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Agent, card.Text, null, null, card.PhraseId)));
        await Host.Get<LeadActions>().WhisperAsync(started.Id, Leo, "Offer the refund straight away.");
        Host.Clock.Advance(TimeSpan.FromSeconds(20));
        turns.Add(await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "Okay, thank you, that helps.", null, null, null)));
        Host.Clock.Advance(TimeSpan.FromSeconds(20));
        await Host.Get<WrapUps>().SubmitAsync(started.Id, "ana", new WrapUpInput(Outcome.FollowUpNeeded, Host.Clock.GetUtcNow().AddDays(1), "Check the refund landed", "I let her vent first", "Offer the refund sooner", ShareReflection: shareReflection));
        return (started.Id, turns, card.PhraseId);
    }

    [Fact]
    public async Task Review_ShowsExactlyWhatWasRecorded()
    {
        var (id, turns, used) = await RecordAsync();
        await Reviews.AddCommentAsync(id, Leo, "Good patience in the first minute.");
        var recorded = await Conversations.GetAsync(id);

        var review = await Reviews.GetAsync(id, Ana);

        Assert.Equal(turns.Select(t => (t.Turn.Sequence, t.Turn.Speaker, t.Turn.Text, t.Turn.Heat, string.Join(",", t.Turn.Signals), t.Turn.StageAfter)),
            review.Transcript.Select(t => (t.Sequence, t.Speaker, t.Text, t.Heat, string.Join(",", t.Signals), t.StageAfter)));
        Assert.Contains("repeatContact", review.Transcript[0].Signals);
        var moves = turns.SelectMany(t => t.StageChanges).Select(m => (m.From, m.To)).Append((recorded.StagePath[^1].From, Stage.Ended)).ToList();
        Assert.Equal(moves, review.StagePath.Select(m => (m.From, m.To)));
        Assert.Equal(Stage.Ended, review.Stages[^1]);
        Assert.Equal(turns.Where(t => t.Turn.Speaker == Speaker.Customer).Select(t => t.Turn.Heat), review.CustomerHeat);

        // The cards: those shown after the customer's first turn, and the one used with the agent's turn.
        Assert.Equal(turns[0].Conversation.Suggestions.Select(s => s.PhraseId).Order(), review.CardsAt(1, CardAction.Shown).Select(c => c.PhraseId).Order());
        Assert.Equal(used, Assert.Single(review.Cards, c => c.Action == CardAction.Used).PhraseId);
        Assert.Equal(used, Assert.Single(review.CardsAt(2, CardAction.Used)).PhraseId);

        var note = Assert.Single(review.LeadNotes);
        Assert.Equal(("Whisper", "Leo Park", "Offer the refund straight away."), (note.Kind, note.LeadName, note.Text));
        Assert.Equal((Outcome.FollowUpNeeded, "I let her vent first", "Offer the refund sooner", true, "Check the refund landed"),
            (review.WrapUp!.Outcome, review.WrapUp.WentWell, review.WrapUp.DoDifferently, review.WrapUp.ShareReflection, review.WrapUp.FollowUpNote));
        Assert.Equal(("Leo Park", "Good patience in the first minute."), (review.Comments.Single().AuthorName, review.Comments.Single().Text));
        Assert.Equal(new IssueClass(IssueTaxonomy.BillingDispute, "Double charge"), review.Issue);
    }

    [Fact]
    public async Task Comments_AreUnreadForTheAgentUntilTheyOpenTheReview()
    {
        var (id, _, _) = await RecordAsync();
        await Reviews.AddCommentAsync(id, Leo, "Try the refund card first next time.");
        Assert.Equal(1, await Reviews.UnreadCountAsync("ana"));
        Assert.Equal(1, Assert.Single(await Reviews.ListAsync(Ana, Monday, Host.Clock.GetUtcNow().AddDays(1))).Unread);

        await Reviews.MarkSeenAsync(id, "ana");

        Assert.Equal(0, await Reviews.UnreadCountAsync("ana"));
        Assert.True(Assert.Single((await Reviews.GetAsync(id, Ana)).Comments).Seen);
    }

    [Fact]
    public async Task Reach_OtherAgentAndOtherTeamsLeadAreDenied_TrainerMayRead_OnlyTheLeadComments()
    {
        var (id, _, _) = await RecordAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.GetAsync(id, Ben));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.GetAsync(id, OtherLead));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.AddCommentAsync(id, Ana, "I think I did well"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.AddCommentAsync(id, OtherLead, "Not my team"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.AddCommentAsync(id, Tara, "Trainers share examples instead"));
        Assert.Equal(id, (await Reviews.GetAsync(id, Tara)).Conversation.Id);
        Assert.Equal(id, (await Reviews.GetAsync(id, Leo)).Conversation.Id);

        Assert.Empty(await Reviews.ListAsync(Ben, Monday, Host.Clock.GetUtcNow().AddDays(1)));
        Assert.Empty(await Reviews.ListAsync(OtherLead, Monday, Host.Clock.GetUtcNow().AddDays(1)));
        Assert.Single(await Reviews.ListAsync(Leo, Monday, Host.Clock.GetUtcNow().AddDays(1)));
    }

    [Fact]
    public async Task Reflection_NotShared_IsHiddenFromTrainers_ButNotFromTheAgentOrTheLead()
    {
        var (id, _, _) = await RecordAsync(shareReflection: false);

        Assert.Equal("I let her vent first", (await Reviews.GetAsync(id, Ana)).WrapUp!.WentWell);
        Assert.Equal("I let her vent first", (await Reviews.GetAsync(id, Leo)).WrapUp!.WentWell);
        var trainers = (await Reviews.GetAsync(id, Tara)).WrapUp!;
        Assert.Equal((Outcome.FollowUpNeeded, null, null), (trainers.Outcome, trainers.WentWell, trainers.DoDifferently));
    }

    [Fact]
    public async Task LiveConversation_CannotBeReviewedYet()
    {
        var live = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Kim", "an order", "ana", null, null));

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Reviews.GetAsync(live.Id, Ana));
        Assert.Contains("still live", refused.Message, StringComparison.Ordinal);
    }
}
