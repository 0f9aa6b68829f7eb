using System.Globalization;
using KartraDashboard.Storage;

namespace KartraDashboard.Components.Shared;

/// <summary>
/// Merges events that arrived live into a list a page shows newest first: what is already shown is
/// skipped, the newcomers go on top newest first, and the list keeps at most a page's length.
/// </summary>
public static class LiveList
{
    /// <summary>The merged list, and the ids that are new in it (their rows slide in).</summary>
    public sealed record Merged(List<EventItem> Items, IReadOnlySet<string> Fresh)
    {
        public int Added => Fresh.Count;
    }

    public static Merged Merge(IReadOnlyList<EventItem> shown, IEnumerable<EventItem> arrived, int max = int.MaxValue)
    {
        var known = shown.Select(e => e.Id).ToHashSet();
        var added = arrived.Where(e => known.Add(e.Id)).OrderByDescending(IdOf).ToList();
        return new Merged([.. added.Concat(shown).Take(max)], added.Select(e => e.Id).ToHashSet());
    }

    /// <summary>Events are numbered in the order they were stored; the number orders them.</summary>
    public static long IdOf(EventItem e) => long.Parse(e.Id, NumberStyles.None, CultureInfo.InvariantCulture);
}
