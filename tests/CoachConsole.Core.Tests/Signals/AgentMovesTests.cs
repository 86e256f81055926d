using CoachConsole.Core.Conversations;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Signals;

/// <summary>The agent's moves, in the forms agents write and say them.</summary>
public sealed class AgentMovesTests
{
    private static readonly SignalReader Reader = new();

    private static SignalReading Agent(string text) => Reader.Read(Speaker.Agent, text);

    private static void AssertHas(string text, SignalKind signal)
    {
        var reading = Agent(text);
        Assert.True(reading.Has(signal), $"{signal} not found in \"{text}\" (read {reading.Signals})");
        Assert.NotEmpty(reading.CuesFor(signal));
        foreach (var cue in reading.Cues)
        {
            Assert.Equal(text.Substring(cue.Start, cue.Length), cue.Text);
        }
    }

    private static void AssertHasNot(string text, SignalKind signal)
    {
        var reading = Agent(text);
        Assert.False(reading.Has(signal), $"{signal} found in \"{text}\": {string.Join(", ", reading.CuesFor(signal))}");
    }

    // Questions by their form

    [Theory]
    [InlineData("Which browser are you on at the moment?")]
    [InlineData("Thanks. Is the parcel showing as delivered in the app?")]
    [InlineData("Okay. Were you at home when the driver came?")]
    [InlineData("Any chance the letter went to a neighbour?")]
    [InlineData("May I take the postcode for the property?")]
    [InlineData("I'll look at this now. Before I do, could I ask when you first noticed it?")]
    [InlineData("can you read me the code on the back of the box")]
    [InlineData("Could you check whether the email reached your inbox?")]
    [InlineData("Would you be able to send a photo of the label?")]
    [InlineData("Just to be sure, which plan is it on here: https://example.com/plans?")]
    [InlineData("Does the app say anything else, like an error code?")]
    public void Question_PutToTheCustomer_IsClarifying(string text) => AssertHas(text, SignalKind.ClarifyingQuestion);

    [Theory]
    [InlineData("Is there anything else I can help you with today?")]
    [InlineData("Would you like me to stay on the line while you check?")]
    [InlineData("Shall I book that in for you?")]
    [InlineData("I'll set that up now. Is that okay?")]
    [InlineData("It's been a long week for you, hasn't it?")]
    [InlineData("I know how much this matters to you.")]
    [InlineData("What I can do is send a courier tomorrow.")]
    [InlineData("Could you unplug the charger and plug it back in?")]
    [InlineData("Can you please send us a DM so we can chat?")]
    [InlineData("How about I send a courier to collect it tomorrow?")]
    public void NotAQuestionForDetails_IsNotClarifying(string text) => AssertHasNot(text, SignalKind.ClarifyingQuestion);

    // Requests for details

    [Theory]
    [InlineData("Please pop your booking reference in a private message.")]
    [InlineData("Send us a DM with the phone number on your account and we'll dig in.")]
    [InlineData("Kindly share a screenshot of the error so we can investigate.")]
    [InlineData("Hi Lee, drop us your order number and postcode via DM.")]
    [InlineData("I'm happy to check that if you send me the serial number.")]
    [InlineData("Please use the form to give us your booking reference.")]
    [InlineData("Your postcode, please.")]
    [InlineData("To get started I'll just need your full name and date of birth.")]
    public void RequestForSpecificDetails_IsClarifying(string text) => AssertHas(text, SignalKind.ClarifyingQuestion);

    [Theory]
    [InlineData("Send us a DM so we can connect.")]
    [InlineData("Please reach out to us via private message and we'll take it from there.")]
    [InlineData("I'll send the new account details by email this afternoon.")]
    [InlineData("I need you to stop using that language, and then we can look at the order.")]
    [InlineData("Please contact us on the number below if it happens again.")]
    [InlineData("Please read the set-up guide at the link in your email.")]
    public void BareInvitationOrOwnPromise_IsNotClarifying(string text) => AssertHasNot(text, SignalKind.ClarifyingQuestion);

    // Offers

    [Theory]
    [InlineData("I can swap it for a new one this week, or refund you in full.")]
    [InlineData("We could also extend your warranty by six months.")]
    [InlineData("I can put you on the cheaper tariff from next month.")]
    [InlineData("You can also book a callback through the app.")]
    [InlineData("The other thing we can do is collect it from your door.")]
    [InlineData("Email or a call, whichever you prefer.")]
    [InlineData("Which would be easier for you, Monday or Tuesday?")]
    [InlineData("Do you want me to book the engineer for Thursday?")]
    [InlineData("How about I send a courier to collect it tomorrow?")]
    [InlineData("There are two things we can do from here.")]
    public void ConcreteOfferOrChoice_IsOfferOfOptions(string text) => AssertHas(text, SignalKind.OfferOfOptions);

    [Theory]
    [InlineData("I can see the payment went out twice.")]
    [InlineData("I can do that.")]
    [InlineData("I can find the order with your email if that's easier.")]
    [InlineData("The parcel, which will be with you tomorrow, is on the van.")]
    public void CanStatementsThatOfferNothing_AreNotOffers(string text) => AssertHasNot(text, SignalKind.OfferOfOptions);

    // Acknowledgement

    [Theory]
    [InlineData("That's dreadful, nobody should have to wait that long.")]
    [InlineData("I can hear how worried you are about this.")]
    [InlineData("Of course, that's entirely understandable.")]
    [InlineData("Three missed appointments isn't acceptable.")]
    [InlineData("Losing a whole evening to a router would drive anyone mad.")]
    [InlineData("We really appreciate you taking the time to tell us.")]
    [InlineData("We're concerned to read this, Priya.")]
    [InlineData("Of course, take your time. I'm listening.")]
    [InlineData("I get why you'd doubt that after last time.")]
    [InlineData("I can tell this has really knocked your confidence in us.")]
    [InlineData("No wonder you're fed up with it.")]
    [InlineData("Honestly, I'd feel the same in your shoes.")]
    public void NamingTheFeelingOrTheSituation_IsAcknowledgement(string text) => AssertHas(text, SignalKind.Acknowledgement);

    [Theory]
    [InlineData("I can see the refund was issued on Monday.")]
    [InlineData("I see that the order was split into two parcels.")]
    [InlineData("That sounds like the router needs a reset.")]
    [InlineData("It's hard to say when the part will come in.")]
    public void CheckingTheAccount_IsNotAcknowledgement(string text) => AssertHasNot(text, SignalKind.Acknowledgement);

    // Apology

    [Theory]
    [InlineData("We sincerely apologise for the mix-up with your seats.")]
    [InlineData("Apologies for the wait, Sam.")]
    [InlineData("Sorry again for all the back and forth.")]
    [InlineData("We're sorry to hear the install went badly.")]
    [InlineData("Sorry, I'll put that more simply.")]
    [InlineData("The missing letter was our mistake.")]
    public void Apology_InItsUsualForms_IsFound(string text) => AssertHas(text, SignalKind.Apology);

    [Theory]
    [InlineData("No need to apologise, it happens to all of us.")]
    [InlineData("You don't have to say sorry at all.")]
    public void NegatedApology_IsNotAnApology(string text) => AssertHasNot(text, SignalKind.Apology);

    // Boundary

    [Theory]
    [InlineData("I need you to stop swearing at me, please.")]
    [InlineData("If the name-calling goes on I'll have to end this chat.")]
    [InlineData("If you shout at me again I won't be able to continue.")]
    [InlineData("I'm ending this chat now.")]
    [InlineData("I do need you not to threaten me.")]
    [InlineData("Remarks like that aren't acceptable here.")]
    [InlineData("I won't be spoken to like that.")]
    [InlineData("I'm going to have to ask you to stop swearing.")]
    [InlineData("I've warned you twice, so I'm going to end the call here.")]
    [InlineData("I can't carry on helping if you keep calling me names.")]
    public void NamingTheBehaviourOrTheLimit_IsABoundary(string text) => AssertHas(text, SignalKind.BoundaryStatement);

    [Fact]
    public void NamingAbuse_IsNotAlsoAnAcknowledgement()
    {
        AssertHasNot("Language like that isn't okay, and I'd like us to keep going.", SignalKind.Acknowledgement);
    }

    [Fact]
    public void WantingToHelp_IsOwnershipNotABoundary()
    {
        AssertHasNot("I want to help you get this sorted today.", SignalKind.BoundaryStatement);
        AssertHas("I want to help you get this sorted today.", SignalKind.Ownership);
    }

    // Escalation

    [Theory]
    [InlineData("I'm going to pass this to my shift manager with all the notes.")]
    [InlineData("Your complaint has gone to a case manager, who'll own it from here.")]
    [InlineData("I've handed it over to our senior team.")]
    [InlineData("We've sent this to our leadership team to review.")]
    [InlineData("I'm referring your case to the complaints department.")]
    public void HandingTheCaseUp_IsEscalation(string text) => AssertHas(text, SignalKind.EscalationOffer);

    [Fact]
    public void PassingOnFeedback_IsNotEscalation()
    {
        AssertHasNot("We'll pass your comments on to the product designers.", SignalKind.EscalationOffer);
    }

    // Follow-up

    [Theory]
    [InlineData("She'll ring you before four with the answer.")]
    [InlineData("I'll message you once the engineer has left.")]
    [InlineData("Someone from the billing team will email you this week.")]
    [InlineData("If it's not there by Friday I'll chase the courier myself.")]
    [InlineData("We'll be in touch as soon as it ships.")]
    [InlineData("I'll personally ring you once it's done.")]
    [InlineData("Expect a call from us on Monday morning.")]
    [InlineData("I'll book you a callback for Thursday afternoon.")]
    [InlineData("We've got your message and will follow up with you by email.")]
    [InlineData("I'll keep an eye on the account over the weekend.")]
    [InlineData("I'll watch the line for a week and call you if it drops again.")]
    public void PromiseToComeBack_IsFollowUp(string text) => AssertHas(text, SignalKind.FollowUpPromise);

    [Theory]
    [InlineData("Send us your email address so we can follow up.")]
    [InlineData("I'll get the manager for you.")]
    [InlineData("So it drops in the evening and is back by morning.")]
    public void NoPromiseToComeBack_IsNotFollowUp(string text) => AssertHasNot(text, SignalKind.FollowUpPromise);

    // The moves nobody scored before

    [Theory]
    [InlineData("Leave it with me, I'll sort it out myself.", SignalKind.Ownership)]
    [InlineData("I'll personally make sure this is fixed.", SignalKind.Ownership)]
    [InlineData("That's on us, and I've corrected the address now.", SignalKind.Ownership)]
    [InlineData("The refund should arrive within five working days.", SignalKind.SetExpectations)]
    [InlineData("It'll take about ten minutes, and in the meantime you can use the app.", SignalKind.SetExpectations)]
    [InlineData("You're welcome. Have a lovely weekend!", SignalKind.ClosingRemark)]
    [InlineData("Anything else I can do for you today?", SignalKind.ClosingRemark)]
    [InlineData("Thanks for your patience with all this.", SignalKind.ClosingRemark)]
    [InlineData("Hello, you're through to Kim. How can I help?", SignalKind.Greeting)]
    [InlineData("Good morning Ray, my name is Ash.", SignalKind.Greeting)]
    [InlineData("Thanks for getting in touch, Ray. Let me look.", SignalKind.Greeting)]
    [InlineData("You'll get a text the evening before.", SignalKind.SetExpectations)]
    public void OwnershipExpectationsClosingAndGreeting_AreFlagged(string text, SignalKind signal) => AssertHas(text, signal);

    [Fact]
    public void ThanksForPatienceBeforeAQuestion_IsNotAClosing()
    {
        AssertHasNot("Thanks for your patience. What's the account number?", SignalKind.ClosingRemark);
    }

    [Fact]
    public void ThanksForCallingAtTheEnd_IsAClosingNotAGreeting()
    {
        AssertHas("Thanks for calling, and have a good evening.", SignalKind.ClosingRemark);
        AssertHasNot("Thanks for calling, and have a good evening.", SignalKind.Greeting);
    }

    [Fact]
    public void ThanksForPatienceWhileChecking_IsNotAClosing()
    {
        AssertHasNot("Thanks for waiting while I looked into that. The parcel is at the depot.", SignalKind.ClosingRemark);
    }

    [Fact]
    public void AgentAskingAboutTheCustomersFamily_IsNotAbuse()
    {
        var reading = Agent("Is your mum the account holder?");
        Assert.False(reading.Has(SignalKind.PhraseToAvoid));
        Assert.True(reading.Has(SignalKind.ClarifyingQuestion));
    }

    [Fact]
    public void Moves_AreReadForTheAgentOnly()
    {
        var reading = Reader.Read(Speaker.Customer, "Can you send me the tracking number? I'm sorry to keep asking.");
        Assert.Equal(SignalKind.None, reading.Signals & (SignalKind.ClarifyingQuestion | SignalKind.Apology | SignalKind.Greeting));
    }
}
