using MudBlazor;

namespace CoachConsole.Web.Components.Layout;

/// <summary>Calm colours: the console is read under stress, so only trouble is loud, and every text is readable (WCAG AA contrast).</summary>
public static class CoachTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            // Every colour carries text at 4.5:1 or more, on white and on the page background alike.
            Primary = "#2f5d8a",
            Secondary = "#3d6b65",
            Success = "#2e7d32",
            Warning = "#9a4f00",
            Error = "#c62828",
            Info = "#1565c0",
            TextSecondary = "rgba(0,0,0,0.70)",
            AppbarBackground = "#24415f",
            Background = "#f5f7fa",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
