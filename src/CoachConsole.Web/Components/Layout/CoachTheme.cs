using MudBlazor;

namespace CoachConsole.Web.Components.Layout;

/// <summary>Calm colours: the console is read under stress, so only trouble is loud.</summary>
public static class CoachTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5d8a",
            Secondary = "#5b8c85",
            AppbarBackground = "#24415f",
            Background = "#f5f7fa",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
