using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;
using CoachConsole.Core.Tests.Conversations;

namespace CoachConsole.Core.Tests.Coaching;

public sealed class CoachTests
{
    private sealed class ScriptedReader(Func<Speaker, string, SignalReading> read) : ISignalReader
    {
        public int MaxLength => 4000;

        public SignalReading Read(Speaker speaker, string text) => read(speaker, text);
    }

    [Fact]
    public void AgentSaysACard_ItIsMarkedUsedAndNotSuggestedAgain()
    {
        var reader = new ScriptedReader((speaker, _) => speaker == Speaker.Customer ? ConversationMachineTests.Customer(Mood.Angry) : SignalReading.Empty);
        var library = DefaultLibrary.Load();
        var coach = new Coach(reader, () => library);
        var c = ConversationMachineTests.New();
        var t = DateTimeOffset.UnixEpoch;
        coach.Process(c, Speaker.Customer, "anything", t, SignalReading.Empty, []);
        coach.Process(c, Speaker.Agent, "One moment.", t.AddSeconds(5), ConversationMachineTests.Customer(Mood.Angry), []);
        Assert.Equal(Stage.Acknowledging, c.Stage);
        var card = c.Suggestions[0];

        var outcome = coach.Process(c, Speaker.Customer, "still angry", t.AddSeconds(10), SignalReading.Empty, [card.Text]);

        Assert.DoesNotContain(outcome.Suggestions, s => s.PhraseId == card.PhraseId);
    }

    [Fact]
    public void UsedPhraseId_IsRecordedOnTheConversation()
    {
        var reader = new ScriptedReader((_, _) => SignalReading.Empty);
        var library = DefaultLibrary.Load();
        var coach = new Coach(reader, () => library);
        var c = ConversationMachineTests.New();
        coach.Recoach(c, SignalReading.Empty, []);
        var card = c.Suggestions[0];

        coach.Process(c, Speaker.Agent, "Hello there", DateTimeOffset.UnixEpoch, SignalReading.Empty, [], usedPhraseId: card.PhraseId);

        Assert.Contains(card.PhraseId, c.UsedPhraseIds);
        Assert.DoesNotContain(c.Suggestions, s => s.PhraseId == card.PhraseId);
    }
}
