using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using KartraDashboard.Ingestion;

namespace KartraDashboard.Storage;

/// <summary>How a lead list is ordered.</summary>
public static class LeadSorts
{
    public const string LastSeen = "lastSeen";
    public const string Spent = "spent";
    public const string Score = "score";
    public const string Joined = "joined";
    public const string Name = "name";

    public static readonly IReadOnlyList<string> All = [LastSeen, Spent, Score, Joined, Name];
}

/// <summary>
/// The lead filters beyond search and GDPR status: the subjects a lead is in now, its country,
/// source and custom fields, what it spent; and the sort. They combine with AND.
/// </summary>
public sealed record LeadFilters
{
    public static readonly LeadFilters None = new();

    /// <summary>Subject ids by kind (tag, list, sequence, membership, calendar): the lead is in each now.</summary>
    public IReadOnlyList<(string Kind, string Id)> Subjects { get; init; } = [];
    public string? Country { get; init; }
    public string? Source { get; init; }
    /// <summary>Custom fields by identifier: a value, or one of the options, equals the text (any case).</summary>
    public IReadOnlyList<(string Identifier, string Value)> Fields { get; init; } = [];
    public decimal? MinSpent { get; init; }
    public string Sort { get; init; } = LeadSorts.LastSeen;
    public bool Descending { get; init; } = true;

    public bool IsNone => this == None || (Subjects.Count == 0 && Country is null && Source is null && Fields.Count == 0 && MinSpent is null
        && Sort == LeadSorts.LastSeen && Descending);

    /// <summary>The kinds a lead filter can name, as the query string names them.</summary>
    public static readonly IReadOnlyList<string> SubjectKinds = [.. EventSubject.InState.Keys];

    /// <summary>The filters as the API and the CSV export take them from a query string, or the reason one cannot be used.</summary>
    public static bool TryCreate(IQueryCollection query, out LeadFilters filters, [NotNullWhen(false)] out string? error) =>
        TryCreate(name => query.TryGetValue(name, out var v) ? v.ToString() : null, query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())), out filters, out error);

    /// <summary>The filters from named values (<paramref name="value"/> by name, <paramref name="all"/> for the custom fields), or the reason one cannot be used.</summary>
    public static bool TryCreate(Func<string, string?> value, IEnumerable<KeyValuePair<string, string?>> all, out LeadFilters filters, [NotNullWhen(false)] out string? error)
    {
        filters = None;
        error = null;
        var subjects = new List<(string, string)>();
        foreach (var kind in SubjectKinds)
            if (value(kind) is { } id && !string.IsNullOrWhiteSpace(id)) subjects.Add((kind, id.Trim()));
        var fields = all.Where(p => p.Key.StartsWith("field.", StringComparison.Ordinal) && p.Key.Length > 6 && !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => (p.Key[6..], p.Value!.Trim())).ToList();
        decimal? minSpent = null;
        if (value("minSpent") is { } min && !string.IsNullOrWhiteSpace(min))
        {
            if (!decimal.TryParse(min, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m))
            {
                error = $"'minSpent' must be an amount of 0 or more, such as 100 or 99.50, not '{min}'.";
                return false;
            }
            minSpent = m;
        }
        var sort = value("sort") is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : LeadSorts.LastSeen;
        if (!LeadSorts.All.Contains(sort))
        {
            error = $"'sort' must be one of {string.Join(", ", LeadSorts.All)}, not '{sort}'.";
            return false;
        }
        var order = value("order") is { } o && !string.IsNullOrWhiteSpace(o) ? o.Trim() : "desc";
        if (order is not ("asc" or "desc"))
        {
            error = $"'order' must be asc or desc, not '{order}'.";
            return false;
        }
        filters = new LeadFilters
        {
            Subjects = subjects,
            Country = Text(value("country")),
            Source = Text(value("source")),
            Fields = fields,
            MinSpent = minSpent,
            Sort = sort,
            Descending = order == "desc",
        };
        return true;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
