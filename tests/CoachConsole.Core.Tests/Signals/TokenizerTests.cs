using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Signals;

public class TokenizerTests
{
    [Fact]
    public void Tokenize_StretchedWord_SqueezesToTwoLettersAndFlagsIt()
    {
        var token = Assert.Single(Tokenizer.Tokenize("sooooo", 4000));
        Assert.Equal("soo", token.Norm);
        Assert.True(token.Has(TokenFlags.Stretched));
        Assert.Equal(6, token.Length);
    }

    [Fact]
    public void Tokenize_MaskedWord_KeepsTheMaskAndFlagsIt()
    {
        var tokens = Tokenizer.Tokenize("sh*t and a$$", 4000);
        Assert.Equal(["sh*t", "and", "ass"], tokens.Select(t => t.Norm));
        Assert.True(tokens[0].Has(TokenFlags.Masked));
    }

    [Fact]
    public void Tokenize_ShoutingPunctuation_IsOneToken()
    {
        var tokens = Tokenizer.Tokenize("why?!?! now!!!", 4000);
        Assert.Equal(["why", "?!", "now", "!!"], tokens.Select(t => t.Norm));
        Assert.Equal(TokenKind.Shout, tokens[1].Kind);
    }

    [Fact]
    public void Tokenize_AllCapsWord_IsFlagged()
    {
        var tokens = Tokenizer.Tokenize("this is RIDICULOUS I say", 4000);
        Assert.True(tokens[2].Has(TokenFlags.AllCaps));
        Assert.False(tokens[3].Has(TokenFlags.AllCaps));
    }

    [Fact]
    public void Tokenize_Emoji_IsAnEmojiTokenWithItsSpan()
    {
        var tokens = Tokenizer.Tokenize("late 😡", 4000);
        Assert.Equal(TokenKind.Emoji, tokens[1].Kind);
        Assert.Equal(5, tokens[1].Start);
        Assert.Equal(2, tokens[1].Length);
    }

    [Fact]
    public void Tokenize_CurlyApostrophe_IsStraightened()
    {
        Assert.Equal("don't", Tokenizer.Tokenize("don’t", 4000)[0].Norm);
    }

    [Fact]
    public void Tokenize_TextOverTheCap_StopsAtTheCap()
    {
        var tokens = Tokenizer.Tokenize(new string('a', 10) + " bbb", 10);
        Assert.Single(tokens);
    }
}
