using CoachConsole.Core.Coaching;

namespace CoachConsole.Core.Tests.Coaching;

public sealed class PlaceholderTests
{
    [Theory]
    // The customer's own words, first person, become "your".
    [InlineData("my parcel never arrived", "your parcel")]
    [InlineData("My broadband keeps dropping out", "your broadband")]
    [InlineData("our boiler not working", "your boiler")]
    [InlineData("my card was charged twice", "your card")]
    [InlineData("the customer's parcel was lost in transit", "your parcel")]
    [InlineData("customer's router is faulty", "your router")]
    // Articles: "a"/"an"/"some" become "the"; quantities keep theirs.
    [InlineData("a late delivery", "the late delivery")]
    [InlineData("an extra fee on my statement", "the extra fee on your statement")]
    [InlineData("a broken blender", "the broken blender")]
    [InlineData("some missing items", "the missing items")]
    [InlineData("a few missing items", "a few missing items")]
    [InlineData("another late delivery", "another late delivery")]
    [InlineData("the wrong size sent", "the wrong size")]
    // No article: "the", or "your" for the customer's things.
    [InlineData("replacement router never sent (third contact)", "the replacement router")]
    [InlineData("late delivery", "the late delivery")]
    [InlineData("Parcel never arrived", "your parcel")]
    [InlineData("order 48213 missing", "your order 48213")]
    [InlineData("home internet that has dropped out every evening for a week", "your home internet")]
    [InlineData("double charge", "the double charge")]
    [InlineData("BT broadband outage", "the BT broadband outage")]
    [InlineData("iPhone screen cracked on arrival", "the iPhone screen")]
    // Prepositional phrases stay; their articles and possessives read as said to the customer.
    [InlineData("a damage charge on a hire car", "the damage charge on the hire car")]
    [InlineData("a double charge on this month's bill", "the double charge on this month's bill")]
    [InlineData("a refund for my cancelled flight", "the refund for your cancelled flight")]
    [InlineData("a problem with a lot of orders", "the problem with a lot of orders")]
    // A clause after the noun phrase is cut where it starts.
    [InlineData("a blender that stopped working two days after delivery", "the blender")]
    [InlineData("a sofa delivery that is three weeks late", "the sofa delivery")]
    [InlineData("a hotel booking cancelled without notice", "the hotel booking")]
    [InlineData("my router not working", "your router")]
    [InlineData("my parcel arrived damaged", "your parcel")]
    [InlineData("internet dropping out every evening", "your internet")]
    [InlineData("my parcel, which never came", "your parcel")]
    [InlineData("a refund I was promised", "the refund")]
    [InlineData("wrong item delivered and now no reply", "the wrong item")]
    [InlineData("my meter reading", "your meter reading")]
    [InlineData("a badly damaged parcel", "the badly damaged parcel")]
    [InlineData("router and modem not working", "your router and modem")]
    [InlineData("my order and wants a refund", "your order")]
    [InlineData("item arrived broken", "the item")]
    [InlineData("bill higher than expected", "your bill")]
    [InlineData("the battery drains fast", "the battery")]
    [InlineData("warranty claim rejected", "your warranty claim")]
    [InlineData("a stop on my card", "the stop on your card")]
    [InlineData("a faulty washing machine", "the faulty washing machine")]
    [InlineData("a broken promise to call back", "the broken promise to call back")]
    // Another script: the agent's words as they are.
    [InlineData("配送の遅れ", "配送の遅れ")]
    // Labels, parentheticals, dashes, quotes, punctuation, shouting.
    [InlineData("Delivery: parcel left in the rain", "your parcel")]
    [InlineData("late delivery - third contact", "the late delivery")]
    [InlineData("missing refund [ref 8812]", "the missing refund")]
    [InlineData("\"a late delivery\"", "the late delivery")]
    [InlineData("a late delivery.", "the late delivery")]
    [InlineData("A late delivery!!!", "the late delivery")]
    [InlineData("  a   late\tdelivery ", "the late delivery")]
    [InlineData("MY PARCEL NEVER ARRIVED", "your parcel")]
    [InlineData("a late\u00A0delivery\u200B", "the late delivery")]
    [InlineData("\uFEFFmy parcel\u200D never arrived", "your parcel")]
    [InlineData("my parcel’s tracking number", "your parcel’s tracking number")]
    // Too long: prepositional phrases drop from the end while that helps.
    [InlineData("a damage charge on a hire car from the airport branch in Leeds", "the damage charge on the hire car")]
    public void Issue_ReadsAsANounPhraseToTheCustomer(string summary, string expected)
    {
        Assert.Equal(expected, Placeholders.Issue(summary));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\u200B")]
    [InlineData("...")]
    [InlineData("(third contact)")]
    // Questions and sentences about the customer.
    [InlineData("Why was I charged twice?")]
    [InlineData("where is my parcel")]
    [InlineData("how do I reset my password")]
    [InlineData("I was charged twice for my subscription")]
    [InlineData("it keeps crashing")]
    [InlineData("customer says the parcel never arrived")]
    [InlineData("Hi, I need help")]
    // Only a verb clause.
    [InlineData("cant log in")]
    [InlineData("can't log in")]
    [InlineData("stopped working")]
    [InlineData("charged twice")]
    [InlineData("double charged")]
    [InlineData("waiting for a refund")]
    [InlineData("keeps dropping out")]
    [InlineData("never arrived")]
    [InlineData("unable to pay")]
    [InlineData("broken")]
    [InlineData("no internet since Monday")]
    [InlineData("received wrong item")]
    [InlineData("want a refund")]
    [InlineData("cancel my contract")]
    [InlineData("#12345")]
    // Too long to shorten into a phrase, or a pasted message.
    [InlineData("extremely frustrating ongoing intermittent broadband connectivity degradation problem affecting everything")]
    [InlineData("my parcel never arrived and I have been waiting for three weeks now and nobody has answered any of my emails, I have called four times and each time I was told someone would call back but nobody ever did and I am now really fed up with the whole thing")]
    public void Issue_NullWhenItCannotBeANounPhrase(string? summary)
    {
        Assert.Null(Placeholders.Issue(summary));
    }

    [Theory]
    // A first name.
    [InlineData("Rachel Moss", "Rachel")]
    [InlineData("Rachel", "Rachel")]
    [InlineData("  Rachel   Anne  Moss ", "Rachel")]
    [InlineData("Moss, Rachel", "Rachel")]
    [InlineData("Rachel Moss, PhD", "Rachel")]
    [InlineData("Mary-Jane Watson", "Mary-Jane")]
    [InlineData("Robert \"Bob\" Smith", "Bob")]
    [InlineData("priya sharma", "Priya")]
    [InlineData("PRIYA SHARMA", "Priya")]
    [InlineData("Rachel Guest", "Rachel")]
    // A title with the surname.
    [InlineData("Mr Okafor", "Mr Okafor")]
    [InlineData("Mr. Okafor", "Mr Okafor")]
    [InlineData("Mrs. J. Ellis", "Mrs Ellis")]
    [InlineData("Dr Amara Singh", "Dr Singh")]
    [InlineData("dr amara singh", "Dr Singh")]
    [InlineData("MS OKAFOR", "Ms Okafor")]
    [InlineData("Miss Ellis Jr.", "Miss Ellis")]
    [InlineData("Ellis, Mrs J.", "Mrs Ellis")]
    [InlineData("Dr Ludwig van Dijk", "Dr van Dijk")]
    [InlineData("Mr O'Brien", "Mr O'Brien")]
    [InlineData("Sir John Smith", "Sir John")]
    [InlineData("Professor Amara Singh", "Professor Singh")]
    // Any script; invisible characters trimmed; composed.
    [InlineData("José García", "José")]
    [InlineData("Zoë Kravitz", "Zoë")]
    [InlineData("Zoe\u0308 Kravitz", "Zoë")]
    [InlineData("李", "李")]
    [InlineData("李小龙", "李小龙")]
    [InlineData("Ólafur Arnalds", "Ólafur")]
    [InlineData("Łukasz Nowak", "Łukasz")]
    [InlineData("Αθηνά Παππά", "Αθηνά")]
    [InlineData("Дмитрий Иванов", "Дмитрий")]
    [InlineData("محمد علي", "محمد")]
    [InlineData("प्रिया शर्मा", "प्रिया")]
    [InlineData("\u200BPriya\u200B Sharma", "Priya")]
    [InlineData("\uFEFFRachel\u200E", "Rachel")]
    [InlineData("Rachel\u00A0Moss", "Rachel")]
    [InlineData("Priya 😊", "Priya")]
    public void Person_IsHowYouWouldAddressThem(string name, string expected)
    {
        Assert.Equal(expected, Placeholders.Person(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\u200D\uFEFF")]
    // A bare title or only an initial.
    [InlineData("Mr")]
    [InlineData("Mrs.")]
    [InlineData("Dr")]
    [InlineData("Mr J.")]
    [InlineData("J. Ellis")]
    [InlineData("Sir")]
    // Stand-ins for a name.
    [InlineData("the")]
    [InlineData("the customer")]
    [InlineData("The Customer")]
    [InlineData("customer")]
    [InlineData("Valued Customer")]
    [InlineData("Unknown")]
    [InlineData("unknown caller")]
    [InlineData("Anonymous")]
    [InlineData("Guest")]
    [InlineData("N/A")]
    [InlineData("NA")]
    [InlineData("-")]
    // E-mail addresses, numbers, handles.
    [InlineData("rachel.moss@example.com")]
    [InlineData("+44 7700 900123")]
    [InlineData("12345")]
    [InlineData("Priya123")]
    [InlineData("@priya")]
    [InlineData("xX_priya_Xx")]
    [InlineData("priya.sharma")]
    [InlineData("😊")]
    public void Person_NullWhenThereIsNoNameToUse(string? name)
    {
        Assert.Null(Placeholders.Person(name));
    }

    [Theory]
    [InlineData("Ana Ruiz", "Ana")]
    [InlineData("ana", "Ana")]
    [InlineData("Ruiz, Ana", "Ana")]
    [InlineData("Dr Amara Singh", "Amara")]
    [InlineData("Mrs. J. Ellis", "Mrs Ellis")]
    [InlineData("Zoë", "Zoë")]
    public void GivenName_IsTheNameTheAgentGoesBy(string name, string expected)
    {
        Assert.Equal(expected, Placeholders.GivenName(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("the agent")]
    [InlineData("agent42")]
    [InlineData("Mr")]
    public void GivenName_NullWhenThereIsNoName(string? name)
    {
        Assert.Null(Placeholders.GivenName(name));
    }

    [Theory]
    [InlineData(new[] { "a replacement" }, "a replacement")]
    [InlineData(new[] { "a replacement", "a full refund" }, "a replacement or a full refund")]
    [InlineData(new[] { "a replacement", "a full refund", "store credit" }, "a replacement, a full refund or store credit")]
    [InlineData(new[] { "a replacement.", " a full refund; ", "store credit!" }, "a replacement, a full refund or store credit")]
    [InlineData(new[] { "- a replacement", "• a full refund" }, "a replacement or a full refund")]
    [InlineData(new[] { "a replacement", "", "  ", "\u200B", "a full refund" }, "a replacement or a full refund")]
    [InlineData(new[] { "a replacement", "A replacement", "a full refund" }, "a replacement or a full refund")]
    [InlineData(new[] { "un remboursement\u00A0complet" }, "un remboursement complet")]
    public void Options_ListedAsAPersonWould(string[] options, string expected)
    {
        Assert.Equal(expected, Placeholders.Options(options));
    }

    public static TheoryData<string[]?> NoOptions => new() { null, Array.Empty<string>(), new[] { "", " ", ".", "\u200B" } };

    [Theory]
    [MemberData(nameof(NoOptions))]
    public void Options_NullWhenThereAreNone(string[]? options)
    {
        Assert.Null(Placeholders.Options(options));
    }

    [Theory]
    [InlineData("I'm sorry about {issue}, {customer}.", "Priya Shah", "my parcel never arrived", "I'm sorry about your parcel, Priya.")]
    [InlineData("Hi {customer}, I'm {agent}.", "Mr Okafor", "a late delivery", "Hi Mr Okafor, I'm Ana.")]
    [InlineData("Hi {customer}, I'm {agent}. I've got your message about {issue}.", "Mrs. J. Ellis", "replacement router never sent (third contact)", "Hi Mrs Ellis, I'm Ana. I've got your message about the replacement router.")]
    [InlineData("{issue} is being put right. Thanks, {customer}.", "José García", "a late delivery", "The late delivery is being put right. Thanks, José.")]
    [InlineData("Sorted. {issue} is fixed.", "李", "my router not working", "Sorted. Your router is fixed.")]
    [InlineData("To sum up: {issue} is being put right.", "Rachel", "a late delivery", "To sum up: the late delivery is being put right.")]
    [InlineData("I can offer {options}.", "Rachel", "", "I can offer a replacement or a full refund.")]
    public void FillView_ReadsAsAPersonWouldWriteIt(string template, string customer, string issue, string expected)
    {
        Assert.Equal(expected, SuggestionEngine.FillView(template, customer, "Ana Ruiz", issue, ["a replacement", "a full refund."]));
    }

    [Theory]
    [InlineData("Hi {customer}, I'm {agent}.", "the customer", "a late delivery")]
    [InlineData("Hi {customer}, I'm {agent}.", "Mr", "a late delivery")]
    [InlineData("I'm sorry about {issue}.", "Rachel", "cant log in")]
    [InlineData("I'm sorry about {issue}.", "Rachel", "Why was I charged twice?")]
    [InlineData("I'm sorry about {issue}.", "Rachel", "")]
    [InlineData("I can offer {options}.", "Rachel", "a late delivery")]
    public void FillView_NullWhenAPlaceholderCannotReadWell(string template, string customer, string issue)
    {
        Assert.Null(SuggestionEngine.FillView(template, customer, "Ana Ruiz", issue, []));
    }

    [Theory]
    [InlineData("{issue} is late.", 0, true)]
    [InlineData("Sorted. {issue} is late.", 8, true)]
    [InlineData("Sorted! \"{issue}\" is late.", 9, true)]
    [InlineData("Line one\n{issue}", 9, true)]
    [InlineData("Sorry about {issue}.", 12, false)]
    [InlineData("To sum up: {issue}.", 11, false)]
    public void StartsSentence_AfterASentenceEndOrAtTheStart(string template, int index, bool expected)
    {
        Assert.Equal(expected, Placeholders.StartsSentence(template, index));
    }

    [Theory]
    [InlineData("the late delivery", "The late delivery")]
    [InlineData("ólafur", "Ólafur")]
    [InlineData("李", "李")]
    [InlineData("", "")]
    public void Capitalised_UpperCasesTheFirstLetter(string text, string expected)
    {
        Assert.Equal(expected, Placeholders.Capitalised(text));
    }
}
