using Bunit;
using Microsoft.AspNetCore.Components;

namespace KartraDashboard.Tests.Components;

public static class PageWaits
{
    /// <summary>
    /// Waits until a page's reads, which run off the render thread, have been shown: no progress
    /// bar is left. Pages show one while their first read is under way.
    /// </summary>
    public static IRenderedComponent<TPage> WhenLoaded<TPage>(this IRenderedComponent<TPage> cut) where TPage : IComponent
    {
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")), DashboardTestContext.LiveTimeout);
        return cut;
    }
}
