using System.Text.Json.Serialization;

namespace KartraDashboard.Storage;

/// <summary>A subject with its counts per action in a range and the leads in it now (null for kinds without a standing).</summary>
public sealed record SubjectItem(string Kind, string Id, string? Name, IReadOnlyDictionary<string, long> Counts, long? Current)
{
    /// <summary>Every count summed: what "busiest" orders by.</summary>
    [JsonIgnore] public long Total => Counts.Values.Sum();
}

/// <summary>A subject's counts on one day of the dashboard's zone.</summary>
public sealed record SubjectDayCounts(DateOnly Day, IReadOnlyDictionary<string, long> Counts);

/// <summary>A membership level or calendar class with its counts and the leads in it now.</summary>
public sealed record SubjectPartItem(string Id, string? Name, IReadOnlyDictionary<string, long> Counts, long? Current);

/// <summary>One subject: its item, its days with events, and its levels or classes.</summary>
public sealed record SubjectDetail(
    [property: JsonIgnore] SubjectItem Item,
    IReadOnlyList<SubjectDayCounts> ByDay,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubjectPartItem>? Parts)
{
    public string Kind => Item.Kind;
    public string Id => Item.Id;
    public string? Name => Item.Name;
    public IReadOnlyDictionary<string, long> Counts => Item.Counts;
    public long? Current => Item.Current;
}

/// <summary>What a list of subjects is narrowed to; a range counts whole days of the dashboard's zone.</summary>
public sealed record SubjectQuery(string Kind)
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}
