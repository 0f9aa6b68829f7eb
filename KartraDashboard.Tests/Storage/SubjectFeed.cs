using KartraDashboard.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Storage;

/// <summary>Hosts over one folder whose writer lists events under their subjects at a test's pace.</summary>
internal static class SubjectFeed
{
    /// <summary>A host whose writer lists events only once a full batch waits, never for being idle: what it stores stays unlisted.</summary>
    public static TestApp Holding(string folder) =>
        new(folder: folder, ownsFolder: false, services: s => s.PostConfigure<StorageOptions>(o => o.SubjectFeedIdle = TimeSpan.FromHours(1)));

    /// <summary>Waits until the writer has listed every event stored.</summary>
    public static async Task WaitListedAsync(TestApp app)
    {
        var writer = app.Service<StoreWriter>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (writer.SubjectEventsOwed > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(0, writer.SubjectEventsOwed);
    }
}
