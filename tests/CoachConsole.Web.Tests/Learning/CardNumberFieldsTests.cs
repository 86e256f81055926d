using CoachConsole.Core.Conversations;
using CoachConsole.Web.Conversations;
using CoachConsole.Web.Data;
using CoachConsole.Web.Learning;
using Microsoft.EntityFrameworkCore;
using static CoachConsole.Web.Tests.Learning.LearningHost;

namespace CoachConsole.Web.Tests.Learning;

/// <summary>
/// What leads and agents type about a conversation (whispers, escalation reasons, wrap-up notes and
/// reflections, follow-up results, coaching comments, example notes) is stored and shown with
/// card numbers masked, however the number is written.
/// </summary>
public sealed class CardNumberFieldsTests : LearningTests
{
    private const string Card = "4111 1111 1111 1111";
    private const string Masked = "•••• •••• •••• 1111";

    private ConversationService Conversations => Host.Get<ConversationService>();

    private async Task<Guid> LiveConversationAsync()
    {
        var started = await Conversations.StartAsync(new StartConversation(Channel.Chat, "Maria Lopez", "charged twice on my bill", "ana", null, null));
        await Conversations.AddTurnAsync(started.Id, new AddTurn(Speaker.Customer, "I was charged twice and I am furious!", null, null, null));
        return started.Id;
    }

    /// <summary>Every text column of the rows kept for one conversation, as stored.</summary>
    private async Task<string> StoredTextsAsync(Guid id)
    {
        await using var db = await Host.DbAsync();
        var notes = await db.LeadNotes.AsNoTracking().Where(n => n.ConversationId == id).Select(n => n.Text).ToListAsync();
        var moves = await db.StageChanges.AsNoTracking().Where(m => m.ConversationId == id).Select(m => m.Reason).ToListAsync();
        var comments = await db.ReviewComments.AsNoTracking().Where(c => c.ConversationId == id).Select(c => c.Text).ToListAsync();
        var wrapUps = await db.WrapUps.AsNoTracking().Where(w => w.ConversationId == id).ToListAsync();
        var examples = await db.SharedExamples.AsNoTracking().Where(e => e.ConversationId == id).Select(e => e.Note).ToListAsync();
        return string.Join("\n", [
            .. notes, .. moves, .. comments, .. examples,
            .. wrapUps.SelectMany(w => new[] { w.FollowUpNote, w.FollowUpResult, w.WentWell, w.DoDifferently })]);
    }

    [Fact]
    public async Task Whisper_AndEscalationReason_AreStoredAndShownMasked()
    {
        var id = await LiveConversationAsync();

        var whisper = await Host.Get<LeadActions>().WhisperAsync(id, Leo, $"She read out her card {Card}; do not repeat it.");
        var escalated = await Conversations.EscalateAsync(id, $"the agent raised a hand: the customer keeps reading out 5500\u00a00055\u00a05555\u00a05559");

        Assert.Equal($"She read out her card {Masked}; do not repeat it.", whisper.Text);
        Assert.Equal(Stage.Escalating, escalated.Stage);
        var details = await Conversations.GetAsync(id);
        Assert.Equal(whisper.Text, Assert.Single(details.LeadNotes).Text);
        var move = details.StagePath.Single(m => m.Trigger == nameof(Trigger.AgentEscalated));
        Assert.Equal("the agent raised a hand: the customer keeps reading out ••••\u00a0••••\u00a0••••\u00a05559", move.Reason);
        var stored = await StoredTextsAsync(id);
        Assert.Contains(Masked, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("0055", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrapUpNotes_Reflections_FollowUpResults_CommentsAndExampleNotes_AreStoredAndShownMasked()
    {
        var id = await LiveConversationAsync();
        var other = await LiveConversationAsync();
        var wrapUps = Host.Get<WrapUps>();
        var due = Host.Clock.GetUtcNow().AddDays(1);

        await wrapUps.SubmitAsync(id, "ana", new WrapUpInput(Outcome.FollowUpNeeded, due, $"Refund to card {Card}", "I kept calm while she read ４１１１ １１１１ １１１１ １１１１", $"Stop her before she reads {Card}", ShareReflection: true));
        await wrapUps.SubmitAsync(other, "ana", new WrapUpInput(Outcome.FollowUpNeeded, due, "Call back", null, null, ShareReflection: false));
        await wrapUps.CompleteFollowUpAsync(other, "ana", $"Refunded to 4111-1111-1111-1111");
        var done = await Host.Get<TeamFollowUps>().CompleteAsync(id, Leo, $"Refunded to {Card} on Monday");
        var comment = await Host.Get<ReviewService>().AddCommentAsync(id, Leo, $"Never read back {Card}.");
        var example = await Host.Get<SharedExamples>().ShareAsync(id, Leo, null, $"Calm with card {Card} read out");

        Assert.Equal($"Refunded to {Masked} on Monday", done.Result);
        Assert.Equal($"Never read back {Masked}.", comment.Text);
        Assert.Equal($"Calm with card {Masked} read out", example.Note);
        var review = await Host.Get<ReviewService>().GetAsync(id, Ana);
        Assert.Equal(
            ($"Refund to card {Masked}", "I kept calm while she read •••• •••• •••• １１１１", $"Stop her before she reads {Masked}", $"Refunded to {Masked} on Monday"),
            (review.WrapUp!.FollowUpNote, review.WrapUp.WentWell, review.WrapUp.DoDifferently, review.WrapUp.FollowUpResult));
        Assert.Equal(comment.Text, Assert.Single(review.Comments).Text);
        var team = await Host.Get<TeamFollowUps>().ForTeamAsync(DatabaseSetup.DemoTeamId, Leo);
        Assert.Equal("Refunded to ••••-••••-••••-1111", team.Single(f => f.ConversationId == other).Result);
        Assert.Equal($"Refund to card {Masked}", team.Single(f => f.ConversationId == id).Note);

        foreach (var stored in new[] { await StoredTextsAsync(id), await StoredTextsAsync(other) })
        {
            Assert.Contains("1111", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Card, stored, StringComparison.Ordinal);
            Assert.DoesNotContain("4111", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("４１１１", stored, StringComparison.Ordinal);
        }
    }
}
