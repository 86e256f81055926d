using CoachConsole.Core.Text;

namespace CoachConsole.Core.Tests.Text;

public sealed class WordDiffTests
{
    [Fact]
    public void OneWordSwapped_MarksOnlyThatWord()
    {
        var pieces = WordDiff.Compare("I can see why that would annoy you.", "I can see why that would upset you.");

        Assert.Equal("annoy ", Assert.Single(pieces, p => p.Kind == DiffKind.Removed).Text);
        Assert.Equal("upset ", Assert.Single(pieces, p => p.Kind == DiffKind.Added).Text);
        Assert.Equal("I can see why that would ", pieces[0].Text);
    }

    [Fact]
    public void BothSides_ReadBackExactly()
    {
        const string before = "Thanks for waiting, {customer}. Let me check the order.";
        const string after = "Thank you for your patience, {customer}. I am checking the order now.";

        var pieces = WordDiff.Compare(before, after);

        Assert.Equal(before, WordDiff.Side(pieces, DiffKind.Removed));
        Assert.Equal(after, WordDiff.Side(pieces, DiffKind.Added));
        Assert.Contains(pieces, p => p.Kind == DiffKind.Same && p.Text.Contains("{customer}", StringComparison.Ordinal));
    }

    [Fact]
    public void NewOrRemovedPhrasing_IsOneWholePiece()
    {
        Assert.Equal([new DiffPiece(DiffKind.Added, "A brand new line.")], WordDiff.Compare(null, "A brand new line."));
        Assert.Equal([new DiffPiece(DiffKind.Removed, "Gone now.")], WordDiff.Compare("Gone now.", null));
        Assert.Equal([new DiffPiece(DiffKind.Same, "Unchanged.")], WordDiff.Compare("Unchanged.", "Unchanged."));
    }
}
