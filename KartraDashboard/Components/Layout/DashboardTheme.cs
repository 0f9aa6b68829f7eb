using MudBlazor;

namespace KartraDashboard.Components.Layout;

public static class DashboardTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3b5bdb", Secondary = "#0ca678", AppbarBackground = "#3b5bdb" },
        PaletteDark = new PaletteDark { Primary = "#748ffc", Secondary = "#38d9a9" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
