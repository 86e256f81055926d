using CoachConsole.Core.Coaching;
using CoachConsole.Core.Conversations;
using CoachConsole.Core.Phrases;
using CoachConsole.Core.Signals;

namespace CoachConsole.Core.Tests.Coaching;

public sealed class DefaultLibraryTests
{
    private static readonly PhraseLibrary Library = DefaultLibrary.Load();
    private readonly SuggestionEngine _engine = new(Library);

    [Fact]
    public void BoundaryLadder_EveryStepOnEveryChannel_HasAtLeastTwoVariantsAndOneGeneralScript()
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            for (var step = 1; step <= Conversation.PolicyEndStep; step++)
            {
                var variants = Library.Phrases
                    .Where(p => p.Stage == Stage.BoundarySetting && p.LadderStep == step && p.SuitsChannel(channel))
                    .ToList();

                Assert.True(variants.Count >= 2, $"ladder step {step} on {channel} has {variants.Count} variants");
                Assert.Contains(variants, p => p.Signal == SignalKind.None);
            }
        }
    }

    [Fact]
    public void AvoidList_BetterPhrasings_DoNotThemselvesTriggerAnAvoidPattern()
    {
        Assert.All(Library.Avoid, avoid =>
        {
            var findings = _engine.CheckDraft(avoid.Better);

            Assert.True(findings.Count == 0, $"{avoid.Id}: \"{avoid.Better}\" triggers {string.Join(", ", findings.Select(f => f.Id))}");
        });
    }

    [Fact]
    public void Phrases_EveryText_ContainsNoPhraseToAvoid()
    {
        Assert.All(Library.Phrases, phrase =>
        {
            var findings = _engine.CheckDraft(phrase.Text);

            Assert.True(findings.Count == 0, $"{phrase.Id} contains {string.Join(", ", findings.Select(f => $"{f.Id} (\"{f.Found}\")"))}");
        });
    }

    [Fact]
    public void WorkingStages_EveryCategoryTheyUseOnEveryChannel_HasTwoGeneralPhrasingsAndOneWithoutOptions()
    {
        var stageCategories = Library.Phrases
            .Where(p => p.Stage != Stage.BoundarySetting && p.Signal == SignalKind.None)
            .Select(p => (p.Stage, p.Category))
            .Distinct();

        foreach (var (stage, category) in stageCategories)
        {
            foreach (var channel in Enum.GetValues<Channel>())
            {
                var general = Library.Phrases
                    .Where(p => p.Stage == stage && p.Category == category && p.SuitsChannel(channel) && p.Signal == SignalKind.None)
                    .ToList();

                Assert.True(general.Count >= 2, $"{stage}/{category} on {channel} has {general.Count} general phrasings");
                Assert.Contains(general, p => !p.Text.Contains("{options}", StringComparison.Ordinal));
            }
        }
    }
}
