using CoachConsole.Core.Privacy;

namespace CoachConsole.Core.Tests.Privacy;

public sealed class TranscriptMaskerTests
{
    private readonly TranscriptMasker _cardsOnly = new(new MaskingOptions());
    private readonly TranscriptMasker _everything = new(new MaskingOptions { MaskEmails = true, MaskPhoneNumbers = true });

    [Theory]
    [InlineData("my card is 4111 1111 1111 1111 ok", "my card is •••• •••• •••• 1111 ok")]
    [InlineData("4111-1111-1111-1111", "••••-••••-••••-1111")]
    [InlineData("card 5500005555555559.", "card ••••••••••••5559.")]
    [InlineData("amex 378282246310005", "amex •••••••••••0005")]
    public void Mask_LuhnValidCardNumber_KeepsOnlyTheLastFourDigits(string text, string expected) =>
        Assert.Equal(expected, _cardsOnly.Mask(text));

    [Theory]
    [InlineData("card 4111\u00a01111\u00a01111\u00a01111 ok", "card ••••\u00a0••••\u00a0••••\u00a01111 ok")]
    [InlineData("4111.1111.1111.1111", "••••.••••.••••.1111")]
    [InlineData("4111/1111/1111/1111", "••••/••••/••••/1111")]
    [InlineData("4111\u200b1111\u200b1111\u200b1111", "••••\u200b••••\u200b••••\u200b1111")]
    [InlineData("4111\n1111\r\n1111 - 1111", "••••\n••••\r\n•••• - 1111")]
    [InlineData("４１１１ １１１１ １１１１ １１１１", "•••• •••• •••• １１１１")]
    [InlineData("بطاقتي ٤١١١١١١١١١١١١١١١", "بطاقتي ••••••••••••١١١١")]
    [InlineData("۴۱۱۱-۱۱۱۱-۱۱۱۱-۱۱۱۱", "••••-••••-••••-۱۱۱۱")]
    [InlineData("4111 1111 1111 1111 12/27", "•••• •••• •••• 1111 12/27")]
    [InlineData("4111111111111111 123", "••••••••••••1111 123")]
    public void Mask_ACardNumberWrittenAnyOtherWay_IsMaskedToo(string text, string expected) =>
        Assert.Equal(expected, _cardsOnly.Mask(text));

    [Theory]
    [InlineData("order 4111 1111 1111 1112 is late")]
    [InlineData("tracking 1234567890123")]
    [InlineData("call me on 2026-11-25")]
    [InlineData("no digits at all")]
    [InlineData("4111.1111.1111.1112 is not a card")]
    [InlineData("version 1.2.3 of 2026/11/25")]
    public void Mask_NotACardNumber_LeavesTheTextAlone(string text) =>
        Assert.Equal(text, _cardsOnly.Mask(text));

    [Fact]
    public void Mask_EmailsAndPhones_OnlyWhenConfigured()
    {
        const string text = "write to maria.lopez@example.com or call +44 20 7946 0958";

        Assert.Equal(text, _cardsOnly.Mask(text));
        Assert.Equal("write to [email] or call [phone]", _everything.Mask(text));
    }

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("turn-4111-1111-1111-1111")]
    [InlineData("t 5500 0055 5555 5559")]
    [InlineData("４１１１１１１１１１１１１１１１")]
    [InlineData("id-4111111111111111-12")]
    public void HoldsCardNumber_AnIdWithACardNumberWrittenAnyWay_IsTrue(string id) =>
        Assert.True(TranscriptMasker.HoldsCardNumber(id));

    [Theory]
    [InlineData("turn-17")]
    [InlineData("4111111111111112")]
    [InlineData("0190a3c2-7d4e-7f00-8000-123456784abc")]
    [InlineData("ack-apology")]
    [InlineData("call-2026-11-25-0001")]
    public void HoldsCardNumber_AnOrdinaryId_IsFalse(string id) =>
        Assert.False(TranscriptMasker.HoldsCardNumber(id));

    [Fact]
    public void IsLuhnValid_KnownNumbers()
    {
        Assert.True(TranscriptMasker.IsLuhnValid("79927398713"));
        Assert.False(TranscriptMasker.IsLuhnValid("79927398710"));
    }
}
