using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Signals;

public class SignalReaderTests
{
    private static readonly SignalReader Reader = new();

    private static SignalReading Customer(string text) => Reader.Read(Speaker.Customer, text);

    private static SignalReading Agent(string text) => Reader.Read(Speaker.Agent, text);

    private static void AssertCuesPointAtText(string text, SignalReading reading)
    {
        foreach (var cue in reading.Cues)
        {
            Assert.InRange(cue.Start, 0, text.Length);
            Assert.InRange(cue.Start + cue.Length, cue.Start, text.Length);
            Assert.Equal(text.Substring(cue.Start, cue.Length), cue.Text);
        }
    }

    // Negation

    [Fact]
    public void Heat_NegatedPositiveWord_IsHotterThanThePositiveWord()
    {
        Assert.True(Customer("I am not happy with this service").Heat > Customer("I am happy with this service").Heat);
    }

    [Fact]
    public void Heat_NegatedNegativeWord_IsCoolerThanTheNegativeWord()
    {
        Assert.True(Customer("the new plan is not bad").Heat < Customer("the new plan is bad").Heat);
    }

    [Fact]
    public void Abuse_NegatedInsult_IsNotAbuse()
    {
        Assert.False(Customer("you're not stupid, the website is").Has(SignalKind.Abuse));
    }

    // Intensifiers, caps, punctuation, stretched words, emoji

    [Fact]
    public void Heat_Intensifier_RaisesHeat()
    {
        Assert.True(Customer("I am extremely angry about this").Heat > Customer("I am angry about this").Heat);
    }

    [Fact]
    public void Heat_AllCaps_RaisesHeat()
    {
        Assert.True(Customer("WHERE IS MY REFUND").Heat > Customer("where is my refund").Heat);
    }

    [Fact]
    public void Heat_RepeatedPunctuation_RaisesHeatAndNamesTheCue()
    {
        var text = "where is my order?!?!";
        var reading = Customer(text);
        Assert.True(reading.Heat > Customer("where is my order").Heat);
        AssertCuesPointAtText(text, reading);
    }

    [Fact]
    public void Reader_StretchedWord_IsReadAsTheWord()
    {
        var reading = Customer("thaaaaanks so much");
        Assert.True(reading.Has(SignalKind.Calming));
        Assert.Contains(reading.Cues, c => c.Signal == SignalKind.Calming && c.Text == "thaaaaanks");
    }

    [Fact]
    public void Profanity_StretchedSwearWord_IsFound()
    {
        Assert.True(Customer("fuuuuuck this stupid app").Has(SignalKind.Profanity));
    }

    [Fact]
    public void Heat_AngryEmoji_RaisesHeatAndIsACue()
    {
        var text = "my parcel is late again 😡😡";
        var reading = Customer(text);
        Assert.True(reading.Heat > Customer("my parcel is late again").Heat);
        Assert.Contains(reading.Cues, c => c.Text == "😡");
        AssertCuesPointAtText(text, reading);
    }

    [Fact]
    public void Mood_PositiveEmoji_IsPositive()
    {
        Assert.Equal(Mood.Positive, Customer("all sorted now, thank you 🙏😊").Mood);
    }

    // Masked profanity and abuse versus swearing at the situation

    [Theory]
    [InlineData("this is f***ing slow")]
    [InlineData("what a sh*t service")]
    [InlineData("this whole thing is a pain in the a$$")]
    public void Profanity_MaskedSwearWord_IsProfanityNotAbuse(string text)
    {
        var reading = Customer(text);
        Assert.True(reading.Has(SignalKind.Profanity));
        Assert.False(reading.Has(SignalKind.Abuse));
    }

    [Theory]
    [InlineData("f*** you")]
    [InlineData("you're useless")]
    [InlineData("you idiot")]
    [InlineData("you are a complete moron")]
    [InlineData("shut up and listen")]
    [InlineData("kiss my a$$")]
    [InlineData("ur so stupid")]
    public void Abuse_AimedAtTheAgent_IsAbuse(string text)
    {
        var reading = Customer(text);
        Assert.True(reading.Has(SignalKind.Abuse));
        Assert.NotEmpty(reading.CuesFor(SignalKind.Abuse));
        AssertCuesPointAtText(text, reading);
    }

    [Fact]
    public void Abuse_InsultsInARow_AreOneCue()
    {
        var reading = Customer("f*** you, you useless idiot");
        Assert.Equal(["f*** you", "you useless idiot"], reading.CuesFor(SignalKind.Abuse));
    }

    [Fact]
    public void Abuse_SwearingAtTheSituation_IsProfanityWithHeatNotAbuse()
    {
        var reading = Customer("this is damn slow");
        Assert.True(reading.Has(SignalKind.Profanity));
        Assert.False(reading.Has(SignalKind.Abuse));
        Assert.Equal(["damn"], reading.CuesFor(SignalKind.Profanity));
        Assert.True(reading.Heat > Customer("this is slow").Heat);
    }

    [Fact]
    public void Abuse_InsultAboutTheService_IsNotAbuse()
    {
        Assert.False(Customer("your service is useless").Has(SignalKind.Abuse));
    }

    [Fact]
    public void Abuse_AbuseAtTheAgent_MakesTheCustomerAtLeastAnnoyed()
    {
        var reading = Customer("you idiot");
        Assert.True(reading.Mood is Mood.Annoyed or Mood.Angry);
        Assert.True(reading.Has(SignalKind.Venting));
    }

    // Customer signals

    [Theory]
    [InlineData("I want to speak to a manager", "manager")]
    [InlineData("can you put me through to a real person please", "person")]
    [InlineData("I don't understand you, how do I talk to a huamn?", "huamn")]
    [InlineData("get me your supervisor now", "supervisor")]
    public void ManagerRequest_AskingForAHuman_IsFoundWithItsCue(string text, string cueWord)
    {
        var reading = Customer(text);
        Assert.True(reading.Has(SignalKind.ManagerRequest));
        Assert.Contains(reading.CuesFor(SignalKind.ManagerRequest), c => c.Contains(cueWord, StringComparison.Ordinal));
        AssertCuesPointAtText(text, reading);
    }

    [Theory]
    [InlineData("what is the customer service phone number?")]
    [InlineData("could you ask an agent how I change my address")]
    public void ManagerRequest_AskingForContactDetails_IsNotARequest(string text)
    {
        Assert.False(Customer(text).Has(SignalKind.ManagerRequest));
    }

    [Theory]
    [InlineData("can you get someone to look at my boiler")]
    [InlineData("I searched on google for the answer")]
    [InlineData("can you close it now please")]
    public void Read_OrdinaryRequest_IsNeitherEscalationNorThreat(string text)
    {
        var reading = Customer(text);
        Assert.False(reading.Has(SignalKind.ManagerRequest));
        Assert.False(reading.Has(SignalKind.ThreatToLeave));
    }

    [Fact]
    public void Acceptance_AgreeingToTheOffer_IsAcceptance()
    {
        Assert.True(Customer("ok, that works for me").Has(SignalKind.Acceptance));
    }

    [Fact]
    public void Rejection_TurningTheOfferDown_IsRejection()
    {
        var reading = Customer("no, that's not good enough");
        Assert.True(reading.Has(SignalKind.Rejection));
        Assert.False(reading.Has(SignalKind.Acceptance));
    }

    [Fact]
    public void Calming_GratitudeAndRelief_IsCalmingWithCues()
    {
        var text = "thank you so much, that's a real relief";
        var reading = Customer(text);
        Assert.True(reading.Has(SignalKind.Calming));
        Assert.Contains(reading.Cues, c => c.Signal == SignalKind.Calming && c.Text == "thank");
        Assert.False(reading.IsHot);
        AssertCuesPointAtText(text, reading);
    }

    [Fact]
    public void Calming_NeutralQuestion_IsNotCalming()
    {
        Assert.False(Customer("when will the engineer arrive").Has(SignalKind.Calming));
    }

    [Theory]
    [InlineData("I'm going to cancel my subscription")]
    [InlineData("I will take my business elsewhere")]
    [InlineData("I'm calling my lawyer")]
    public void ThreatToLeave_ThreatToCancelOrComplain_IsFound(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.ThreatToLeave));
    }

    [Fact]
    public void ThreatToLeave_ThreatOfPublicity_IsNotAThreatToLeave()
    {
        Assert.False(Customer("I'll be posting about this on twitter").Has(SignalKind.ThreatToLeave));
    }

    [Fact]
    public void Mood_ThreatToLeave_IsAtLeastAnnoyedWithThePhraseAsHeatCue()
    {
        var reading = Customer("I am sooooo done with this");
        Assert.True(reading.Has(SignalKind.ThreatToLeave));
        Assert.True(reading.Mood is Mood.Annoyed or Mood.Angry);
        Assert.Contains(reading.Cues, c => c.Signal == SignalKind.None && c.Text == "done with this");
        Assert.Contains(reading.Cues, c => c.Signal == SignalKind.Venting);
    }

    [Fact]
    public void Cues_HeatCues_AreNotFunctionWords()
    {
        var reading = Customer("this is damn slow");
        Assert.DoesNotContain(reading.Cues, c => c.Signal == SignalKind.None && c.Text is "this" or "is");
    }

    [Theory]
    [InlineData("this is the third time I've called about this")]
    [InlineData("I have called four times already")]
    [InlineData("I already explained this to your colleague")]
    public void RepeatContact_RepeatedCalls_IsFound(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.RepeatContact));
    }

    [Fact]
    public void Venting_AngryCustomer_IsVentingAndAngryOrAnnoyed()
    {
        var reading = Customer("This is absolutely RIDICULOUS, I have been waiting for three weeks!!!");
        Assert.True(reading.Mood is Mood.Annoyed or Mood.Angry);
        Assert.True(reading.Has(SignalKind.Venting));
        Assert.Contains(reading.Cues, c => c.Signal == SignalKind.None);
    }

    [Fact]
    public void Venting_CalmQuestion_IsNotVenting()
    {
        var reading = Customer("could you tell me when my order will arrive");
        Assert.False(reading.Has(SignalKind.Venting));
        Assert.True(reading.Heat < 0.4);
    }

    // Agent signals

    [Theory]
    [InlineData("I understand how frustrating this must be", SignalKind.Acknowledgement)]
    [InlineData("I'm so sorry about the delay", SignalKind.Apology)]
    [InlineData("So if I understand correctly, the parcel never arrived?", SignalKind.ClarifyingQuestion)]
    [InlineData("When did you place the order?", SignalKind.ClarifyingQuestion)]
    [InlineData("I can offer you a refund or a replacement, which would you prefer?", SignalKind.OfferOfOptions)]
    [InlineData("I want to help you, but please keep this respectful", SignalKind.BoundaryStatement)]
    [InlineData("I can bring in my supervisor if you like", SignalKind.EscalationOffer)]
    [InlineData("I'll call you back by tomorrow with an update", SignalKind.FollowUpPromise)]
    public void AgentSignal_TypicalPhrasing_IsFoundWithCue(string text, SignalKind signal)
    {
        var reading = Agent(text);
        Assert.True(reading.Has(signal), $"{signal} not found in '{text}'");
        Assert.NotEmpty(reading.CuesFor(signal));
        AssertCuesPointAtText(text, reading);
    }

    [Fact]
    public void AgentSignal_SwearingByTheAgent_IsAPhraseToAvoid()
    {
        var reading = Agent("I've no idea why the damn parcel went to the wrong depot");
        Assert.True(reading.Has(SignalKind.PhraseToAvoid));
        Assert.Contains("damn", reading.CuesFor(SignalKind.PhraseToAvoid));
    }

    [Fact]
    public void AgentSignal_PlainStatement_HasNoAgentSignals()
    {
        var reading = Agent("The parcel left our warehouse on Monday.");
        Assert.Equal(SignalKind.None, reading.Signals & (SignalKind.Apology | SignalKind.PhraseToAvoid | SignalKind.OfferOfOptions));
    }

    [Fact]
    public void Read_CustomerApologising_RaisesNoAgentSignal()
    {
        var reading = Customer("I'm sorry but I want a manager");
        Assert.False(reading.Has(SignalKind.Apology));
        Assert.True(reading.Has(SignalKind.ManagerRequest));
    }

    [Fact]
    public void Read_AgentAskingForManager_RaisesNoCustomerSignal()
    {
        Assert.False(Agent("I'll ask my manager").Has(SignalKind.ManagerRequest));
    }

    // Cues, limits, robustness

    [Fact]
    public void Cues_EveryCue_PointsAtItsText()
    {
        var text = "It's the THIRD time I've called!!! You're useless, get me a manager or I cancel my account 😡";
        var reading = Customer(text);
        Assert.True(reading.Has(SignalKind.RepeatContact | SignalKind.Abuse | SignalKind.ManagerRequest | SignalKind.ThreatToLeave));
        Assert.Contains("You're useless", reading.CuesFor(SignalKind.Abuse));
        AssertCuesPointAtText(text, reading);
    }

    [Fact]
    public void Read_TextLongerThanMaxLength_IsReadUpToTheCapOnly()
    {
        var text = string.Concat(Enumerable.Repeat("the parcel is on its way ", 200)) + " get me a manager";
        Assert.True(text.Length > Reader.MaxLength);
        var reading = Customer(text);
        Assert.Equal(4000, Reader.MaxLength);
        Assert.False(reading.Has(SignalKind.ManagerRequest));
        Assert.All(reading.Cues, c => Assert.True(c.Start + c.Length <= Reader.MaxLength));
    }

    [Fact]
    public void Read_EmptyText_IsNeutralWithNoSignals()
    {
        var reading = Customer("");
        Assert.Equal(SignalKind.None, reading.Signals);
        Assert.Equal(Mood.Neutral, reading.Mood);
    }

    [Fact]
    public void Read_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Customer(null!));
    }

    [Fact]
    public void Read_Heat_IsBetweenZeroAndOne()
    {
        foreach (var text in new[] { "", "thanks!", "FUCK YOU YOU USELESS IDIOT!!!! 😡🤬", "ok", "???!!!" })
        {
            Assert.InRange(Customer(text).Heat, 0, 1);
        }
    }

    [Fact]
    public void Read_SharedInstanceFromManyThreads_GivesTheSameReading()
    {
        const string text = "you're useless, get me a manager!!!";
        var expected = Customer(text);
        var results = new SignalReading[64];
        Parallel.For(0, results.Length, i => results[i] = Reader.Read(Speaker.Customer, text));
        Assert.All(results, r =>
        {
            Assert.Equal(expected.Signals, r.Signals);
            Assert.Equal(expected.Heat, r.Heat);
            Assert.Equal(expected.Cues, r.Cues);
        });
    }
}
