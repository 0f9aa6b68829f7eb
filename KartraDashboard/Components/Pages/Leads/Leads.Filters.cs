using System.Globalization;
using KartraDashboard.Components.Pages.Reports;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace KartraDashboard.Components.Pages.Leads;

/// <summary>The subject, attribute and total filters and the sort, read from the URL and shown as chips.</summary>
public partial class Leads
{
    private LeadFilters _filters = LeadFilters.None;
    private List<FilterChip> _chips = [];

    private string ExportHref => "/api/leads.csv" + new Uri(Navigation.Uri).Query;

    private bool ReadFilters()
    {
        var query = QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        if (!LeadFilters.TryCreate(name => query.TryGetValue(name, out var v) ? v.ToString() : null,
                query.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())), out _filters, out var error))
        {
            ShowInvalid(error);
            return false;
        }
        var f = _filters;
        _chips =
        [
            .. f.Subjects.Select(s => new FilterChip(s.Kind, $"{SubjectLinks.KindLabel(s.Kind)[..^1]} #{s.Id}", SubjectLinks.Report(s.Kind, s.Id))),
            .. f.Country is { } c ? [new FilterChip("country", "Country: " + c)] : Array.Empty<FilterChip>(),
            .. f.Source is { } src ? [new FilterChip("source", "Source: " + src)] : Array.Empty<FilterChip>(),
            .. f.Fields.Select(x => new FilterChip("field." + x.Identifier, $"{x.Identifier}: {x.Value}")),
            .. f.MinSpent is { } m ? [new FilterChip("minSpent", "Spent at least " + Format.Money(m))] : Array.Empty<FilterChip>(),
        ];
        return true;
    }

    private void RemoveFilter(string parameter) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(parameter, (string?)null));

    private void ApplySort(string sort) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("sort", sort == LeadSorts.LastSeen ? null : sort));

    private void ToggleOrder() =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("order", _filters.Descending ? "asc" : null));

    internal static string SortLabel(string sort) => sort switch
    {
        LeadSorts.Spent => "Spent",
        LeadSorts.Score => "Score",
        LeadSorts.Joined => "Date joined",
        LeadSorts.Name => "Name",
        _ => "Last seen",
    };
}

/// <summary>A filter shown as a chip: the URL parameter it removes, its text, and where it links.</summary>
public sealed record FilterChip(string Parameter, string Text, string? Href = null);
