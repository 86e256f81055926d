using Bunit;
using CoachConsole.Web.Components.Pages.Trainer;
using CoachConsole.Web.Tests.Infrastructure;

namespace CoachConsole.Web.Tests.Components;

/// <summary>The practice page: pick a simulated customer, reply, finish, read the scorecard.</summary>
public sealed class PracticePageTests : ComponentTestContext
{
    public PracticePageTests() => SignInAs("ana", "Ana Ruiz", "Agent");

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<Practice> page, string testId) =>
        page.Find($"textarea[data-testid={testId}], input[data-testid={testId}], [data-testid={testId}] textarea, [data-testid={testId}] input");

    [Fact]
    public void PracticePage_PickReplyFinish_ShowsTranscriptCardsAndScorecard()
    {
        RenderProviders();
        var page = Render<Practice>();
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=persona]").Count >= 5));

        page.Find("[data-persona=defective-blender] [data-testid=persona-start]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=turn]")));
        Assert.NotEmpty(page.FindAll("[data-testid=card]"));
        Assert.Equal("1", page.Find("[data-testid=heat-trend]").GetAttribute("data-points"));

        Field(page, "practice-reply").Input("I hear you, that sounds really frustrating, and I'm sorry.");
        page.Find("[data-testid=practice-send]").Click();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=turn]").Count));

        page.Find("[data-testid=practice-finish]").Click();
        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("[data-testid=score-result]").Count));
        Assert.Contains(page.FindAll("[data-testid=score-result]"), e => e.GetAttribute("data-result") == "met");
        Assert.Contains("Acknowledged", page.Find("[data-testid=scorecard]").TextContent, StringComparison.Ordinal);
    }
}
