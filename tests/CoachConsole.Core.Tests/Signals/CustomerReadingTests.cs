using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Signals;

/// <summary>How the reader reads a customer in a support conversation: who abuse is aimed at,
/// what counts as asking for a manager or leaving, sincere and sarcastic thanks, and mood.</summary>
public class CustomerReadingTests
{
    private static readonly SignalReader Reader = new();

    private static SignalReading Customer(string text) => Reader.Read(Speaker.Customer, text);

    // Abuse is aimed at the agent

    [Theory]
    [InlineData("you are a total waste of oxygen")]
    [InlineData("listen here you lying little weasel, you useless clown")]
    [InlineData("honestly you're pathetic")]
    [InlineData("I know where you work, pal")]
    [InlineData("I know which depot you are at")]
    [InlineData("shut up and give me my money")]
    [InlineData("watch yourself, mate")]
    [InlineData("like the useless piece of garbage you are")]
    public void Abuse_InsultOrThreatAtTheAgent_IsAbuse(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.Abuse), text);
    }

    [Theory]
    [InlineData("this piece of crap kettle has broken again")]
    [InlineData("the fucking website keeps logging me out")]
    [InlineData("your delivery firm is honestly garbage")]
    [InlineData("that is simply not true")]
    [InlineData("the courier told me to shut up when I asked for a signature")]
    [InlineData("she said shut up and hung up on me")]
    [InlineData("what the fuck you people do all day is beyond me")]
    [InlineData("why the hell you changed the app I will never know")]
    [InlineData("your engineer called me an idiot")]
    [InlineData("so you think we're stupid, do you")]
    public void Abuse_SwearingAtThingsCriticismOrReportedAbuse_IsNotAbuse(string text)
    {
        Assert.False(Customer(text).Has(SignalKind.Abuse), text);
    }

    [Fact]
    public void Abuse_YouSuckInsideAComplaint_IsCriticismOfTheCompany()
    {
        Assert.False(Customer("you suck! three hours on hold and nobody picked up, and the line dropped twice").Has(SignalKind.Abuse));
        Assert.False(Customer("you guys suck").Has(SignalKind.Abuse));
    }

    [Fact]
    public void Abuse_YouSuckAsTheWholeMessage_IsAJibeAtTheAgent()
    {
        Assert.True(Customer("you suck").Has(SignalKind.Abuse));
    }

    [Fact]
    public void Abuse_ThreatAboutThePlace_IsAngry()
    {
        var reading = Customer("I know where your head office is. Maybe I'll pay it a visit.");
        Assert.True(reading.Has(SignalKind.Abuse));
        Assert.True(reading.IsHot);
    }

    // Manager requests are asks, now

    [Theory]
    [InlineData("would it be at all possible to talk to your supervisor please")]
    [InlineData("is there anybody above you I can talk to?")]
    [InlineData("I'd like this complaint escalated, please")]
    [InlineData("fetch your boss")]
    [InlineData("put me through to someone senior")]
    [InlineData("who do I contact that actually matters at head office? someone that matters")]
    [InlineData("why can't I speak to a manager?")]
    [InlineData("can I have a supervisor please")]
    [InlineData("who's your boss?")]
    public void ManagerRequest_AskNow_IsARequest(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.ManagerRequest), text);
    }

    [Theory]
    [InlineData("the supervisor I had on Tuesday promised a callback")]
    [InlineData("I don't want to talk to a manager, I just want it fixed")]
    [InlineData("last time they said I should speak to a manager")]
    [InlineData("if I have to talk to another manager I will scream")]
    [InlineData("the manager on site was lovely")]
    [InlineData("I tried calling someone at head office yesterday")]
    [InlineData("you're not helping at all")]
    [InlineData("someone else's parcel came instead of mine")]
    public void ManagerRequest_MentionNegationReportOrHypothetical_IsNotARequest(string text)
    {
        Assert.False(Customer(text).Has(SignalKind.ManagerRequest), text);
    }

    // Leaving

    [Theory]
    [InlineData("you've lost me as a customer for good")]
    [InlineData("I've already asked for my account to be closed. Please delete my account")]
    [InlineData("I won't be renewing my broadband")]
    [InlineData("looks like a different supplier is needed")]
    [InlineData("we will never be coming back")]
    [InlineData("the other network is offering double the data")]
    public void ThreatToLeave_LeavingOrSwitching_IsFound(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.ThreatToLeave), text);
    }

    [Theory]
    [InlineData("you'll drive all your customers away with this")]
    [InlineData("I'm writing this up on facebook next")]
    public void ThreatToLeave_WarningOrPublicity_IsNotALeavingThreat(string text)
    {
        Assert.False(Customer(text).Has(SignalKind.ThreatToLeave), text);
    }

    // Thanks, sincere and sarcastic

    [Theory]
    [InlineData("Cheers!!")]
    [InlineData("thank you for being so patient with me")]
    [InlineData("brilliant, that has fixed it")]
    [InlineData("ok it's working now")]
    [InlineData("problem solved, ta")]
    [InlineData("everything working again")]
    public void Thanks_SincereOrSolved_IsThanks(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.Thanks), text);
    }

    [Theory]
    [InlineData("I'm in a hurry, where is it")]
    [InlineData("nothing has worked so far")]
    [InlineData("is it fixed yet?")]
    [InlineData("I would appreciate it if someone rang me back")]
    public void Thanks_NotSolvedOrNotThanking_IsNotThanks(string text)
    {
        Assert.False(Customer(text).Has(SignalKind.Thanks), text);
    }

    [Theory]
    [InlineData("thanks for nothing")]
    [InlineData("thanks I suppose")]
    [InlineData("Thanks to your FANTASTIC support team I've missed my flight")]
    [InlineData("I do appreciate you wasting my whole afternoon")]
    public void Thanks_Sarcastic_IsNeitherThanksNorCalming(string text)
    {
        var reading = Customer(text);
        Assert.False(reading.Has(SignalKind.Thanks), text);
        Assert.False(reading.Has(SignalKind.Calming), text);
        Assert.True(reading.IsHot, text);
    }

    [Fact]
    public void Thanks_DeadpanPraiseAfterAComplaint_IsSarcasm()
    {
        var reading = Customer("So the parcel went to the wrong town? Wonderful.");
        Assert.True(reading.IsHot);
        Assert.False(reading.Has(SignalKind.Calming));
    }

    [Fact]
    public void Calming_ThanksInAdvance_IsNotCalming()
    {
        var reading = Customer("I can't log in to the portal, thanks in advance for any help");
        Assert.False(reading.Has(SignalKind.Calming));
    }

    [Theory]
    [InlineData("sorry for snapping at you earlier")]
    [InlineData("Fine. Sorry. Long week.")]
    [InlineData("yes please, let's go with the replacement")]
    [InlineData("thanks, that's sorted it")]
    public void Calming_SofteningAcceptingOrSolved_IsCalming(string text)
    {
        Assert.True(Customer(text).Has(SignalKind.Calming), text);
    }

    // Robustness

    [Theory]
    [InlineData("Now, can you tell me when it ships?")]
    [InlineData("now")]
    [InlineData("so")]
    [InlineData("So?")]
    [InlineData("sorry")]
    [InlineData("thanks")]
    [InlineData("in")]
    [InlineData("!!")]
    [InlineData("5days")]
    [InlineData("piece of")]
    [InlineData("I know where")]
    [InlineData("you")]
    [InlineData("what")]
    [InlineData("or what")]
    [InlineData("30")]
    [InlineData("ALL CAPS")]
    public void Read_ShortOrEdgeText_DoesNotThrow(string text)
    {
        var reading = Customer(text);
        Assert.InRange(reading.Heat, 0, 1);
    }

    // Mood

    [Theory]
    [InlineData("Ok. Thanks.")]
    [InlineData("Right. Fine.")]
    [InlineData("Yes, it's 7 7 2 0 1.")]
    public void Mood_PlainAcknowledgementOrDetails_IsNeutral(string text)
    {
        Assert.Equal(Mood.Neutral, Customer(text).Mood);
    }

    [Fact]
    public void Mood_CustomerApologisingForAMixUp_IsNotHot()
    {
        Assert.False(Customer("oh I'm so sorry, I read you the old postcode").IsHot);
    }

    [Theory]
    [InlineData("Great, thanks so much!")]
    [InlineData("thank you, you've been wonderful")]
    public void Mood_WarmThanks_IsPositive(string text)
    {
        Assert.Equal(Mood.Positive, Customer(text).Mood);
    }

    [Theory]
    [InlineData("I've been waiting nine days for the refund on my order")]
    [InlineData("The technician was meant to be here at nine and nobody turned up.")]
    [InlineData("So do I get the deposit back or what?")]
    [InlineData("I'm locked out of the app and need to move money today.")]
    [InlineData("So when is the courier actually coming?")]
    public void Mood_ComplaintSaidCalmly_IsAnnoyed(string text)
    {
        Assert.Equal(Mood.Annoyed, Customer(text).Mood);
    }

    [Theory]
    [InlineData("This is the FOURTH time I have rung about my bill!!")]
    [InlineData("Your service is absolutely disgraceful.")]
    [InlineData("Fix my connection. Now.")]
    [InlineData("you have charged me twice, this is a joke, I want my fucking money back")]
    [InlineData("I am livid about the bill")]
    public void Mood_ShoutingOutrageOrSwearing_IsAngry(string text)
    {
        Assert.Equal(Mood.Angry, Customer(text).Mood);
    }

    [Fact]
    public void Mood_PileUpOfGrievances_IsAngry()
    {
        Assert.Equal(Mood.Angry, Customer("The fitter was supposed to come on Monday. Nobody came, nobody rang, and my order is still missing.").Mood);
    }

    [Fact]
    public void RepeatContact_EveryTimeSomeoneSays_IsRepeatContact()
    {
        Assert.True(Customer("every time someone promises me a callback and it never happens").Has(SignalKind.RepeatContact));
    }

    [Fact]
    public void Mood_ThanksWithTheRemedysWords_IsNotAnnoyed()
    {
        Assert.False(Customer("Yes, a refund to my card please. Thanks for arranging it.").IsHot);
    }
}
