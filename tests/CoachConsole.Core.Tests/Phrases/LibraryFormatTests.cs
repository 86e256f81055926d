using System.Text;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Text;

namespace CoachConsole.Core.Tests.Phrases;

public sealed class LibraryFormatTests
{
    private const string Header = "id,stage,category,channel,signal,ladderStep,teams,text\r\n";

    [Fact]
    public void DefaultLibrary_PassesValidation_AndRoundTripsThroughCsv()
    {
        var library = DefaultLibrary.Load();

        Assert.All(library.Phrases, p => Assert.Empty(LibraryFormat.Validate(p)));
        var read = LibraryFormat.ReadCsv(new StringReader(LibraryFormat.WriteCsv(library.Phrases)));

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Equal(library.Phrases.Select(p => (p.Id, p.Text, p.Stage, p.Channel, p.LadderStep)), read.Phrases.Select(p => (p.Id, p.Text, p.Stage, p.Channel, p.LadderStep)));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x.test\",\"Click\")")]
    [InlineData("+1 for patience")]
    [InlineData("-2 days is all it takes")]
    [InlineData("@customer please hold")]
    [InlineData("\tTabbed in")]
    [InlineData("\rCarriage first")]
    public void WriteCsv_AFormulaLikePhrase_IsWrittenAsText_AndReadsBackUnchanged(string text)
    {
        var phrase = new Phrase { Id = "risky", Stage = Stage.Closing, Category = PhraseCategory.Closing, Text = text };

        var csv = LibraryFormat.WriteCsv([phrase]);
        var cell = new CsvReader(new StringReader(csv)).ReadAll().Skip(1).Single()[7];
        var read = LibraryFormat.ReadCsv(new StringReader(csv));

        Assert.Equal("'" + text, cell);
        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Equal(text.Trim(), Assert.Single(read.Phrases).Text); // the reader trims the phrasing, as it always has
    }

    [Fact]
    public void ReadCsv_BadRows_NameEveryRowAndImportNothing()
    {
        const string csv = Header
            + "ok-1,Acknowledging,Empathy,both,,,,\"I hear you, {customer}.\"\r\n"
            + "bad-stage,Shouting,Empathy,both,,,,Hello\r\n"
            + "bad-placeholder,Clarifying,Paraphrase,Chat,,,,\"So it is {problem}?\"\r\n"
            + "ok-1,Closing,Closing,Voice,,,,Thanks!\r\n"
            + "no-step,BoundarySetting,Boundary,Chat,,,,Please keep it respectful.\r\n";

        var read = LibraryFormat.ReadCsv(new StringReader(csv));

        Assert.False(read.Succeeded);
        Assert.Empty(read.Phrases);
        Assert.Contains(read.Errors, e => e.Row == 3 && e.Field == "stage");
        Assert.Contains(read.Errors, e => e.Row == 4 && e.Field == "text" && e.Message.Contains("{problem}", StringComparison.Ordinal));
        Assert.Contains(read.Errors, e => e.Row == 5 && e.Field == "id");
        Assert.Contains(read.Errors, e => e.Row == 6 && e.Field == "ladderStep");
    }

    [Fact]
    public void ReadCsv_ARowWithSeveralProblems_ListsEachOfThem()
    {
        const string csv = Header
            + "Has Capitals,Acknowledging,Cheering,both,,,,\"Dear {client}, sorry.\"\r\n";

        var read = LibraryFormat.ReadCsv(new StringReader(csv));

        Assert.False(read.Succeeded);
        Assert.All(read.Errors, e => Assert.Equal(2, e.Row));
        Assert.Equal(["category", "id", "text"], read.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadCsv_AnUnreadableStage_IsNotAlsoBlamedOnTheLadderStep()
    {
        const string csv = Header + "fine-id,Yelling,Boundary,both,,2,,Let us keep this respectful.\r\n";

        var read = LibraryFormat.ReadCsv(new StringReader(csv));

        Assert.Equal("stage", Assert.Single(read.Errors).Field);
    }

    [Fact]
    public void ReadCsv_WrongHeader_IsOneClearError()
    {
        var read = LibraryFormat.ReadCsv(new StringReader("text,label\r\nhello,x\r\n"));

        var error = Assert.Single(read.Errors);
        Assert.Equal("header", error.Field);
    }

    [Fact]
    public void ReadJson_Malformed_IsAnErrorNotAnException()
    {
        var read = LibraryFormat.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes("{\"phrases\": [ {\"id\": ")));

        Assert.Equal("file", Assert.Single(read.Errors).Field);
    }

    [Theory]
    [InlineData("Hello {customer}, I'm {agent}.", true)]
    [InlineData("Hello {name}.", false)]
    [InlineData("Hello {customer.", false)]
    [InlineData("", false)]
    public void Validate_Placeholders(string text, bool valid)
    {
        var phrase = new Phrase { Id = "p-1", Stage = Stage.Opening, Category = PhraseCategory.Greeting, Text = text };

        Assert.Equal(valid, LibraryFormat.Validate(phrase).Count == 0);
    }
}
