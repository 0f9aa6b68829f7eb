using System.Globalization;
using KartraDashboard.Alerts;
using KartraDashboard.Components.Shared;
using KartraDashboard.Outbox;
using KartraDashboard.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace KartraDashboard.Components.Pages.Alerts;

public partial class Alerts : OutboxPage
{
    [Inject] private IOptions<AlertsOptions> Options { get; set; } = default!;

    private IReadOnlyList<AlertRule> _rules = [];
    private AlertRule? _selected;
    private string? _name, _actions, _product, _address, _formError;
    private string _type = AlertTypes.Event, _every = AlertTypes.Day, _channel = ChannelTypes.Slack;
    private decimal? _minAmount;
    private int? _hours = 6;

    protected override Task OnInitializedAsync() => ReloadAsync();

    protected override async Task ReloadAsync()
    {
        await ReadAsync(() => Reads.Rules(), rules => _rules = rules, "The alert rules could not be read");
        await LoadLogAsync();
    }

    private string Describe(AlertRule r) => r.Type switch
    {
        AlertTypes.Silence => $"no ping for {r.Hours} h",
        AlertTypes.Digest => r.Every == AlertTypes.Week ? "weekly digest, Mondays 08:00" : "daily digest, 08:00",
        _ => string.Join(", ", new[]
        {
            r.Actions is null ? "any event" : string.Join(" or ", r.Actions),
            r.Product is { } p ? $"product {p}" : null,
            r.MinAmount is { } m ? $"from {Format.Money(m)}" : null,
        }.Where(s => s is not null)),
    };

    /// <summary>Only the host of a channel's URL is shown: it may carry a token.</summary>
    private static string? OutboxHost(string? url) => OutboxSender.Host(url);

    private async Task CreateAsync()
    {
        _formError = null;
        var actions = (_actions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var request = new RuleCheck.RuleRequest(_name, _type, actions.Length == 0 ? null : [.. actions], _product, _minAmount, _hours, _every,
            new RuleCheck.ChannelRequest(_channel, _address?.Trim(), _address?.Trim()));
        if (!RuleCheck.TryRule(request, !string.IsNullOrWhiteSpace(Options.Value.Smtp.Host), out var rule, out var error))
        {
            _formError = error;
            return;
        }
        await WriteAsync(async () =>
        {
            var stored = await Writer.AddRuleAsync(rule!, Time.GetUtcNow().UtcDateTime);
            _name = _actions = _product = _address = null;
            _minAmount = null;
            Snackbar.Add($"Rule \"{stored.Name}\" added.", Severity.Success);
        }, "The rule could not be added");
        await ReloadAsync();
    }

    private async Task ShowAsync(AlertRule rule)
    {
        _selected = rule;
        Shown = Id(rule);
        await LoadLogAsync();
    }

    private async Task TestAsync(AlertRule rule)
    {
        await WriteAsync(() => Writer.OweTestAsync(Id(rule), AlertMessages.Test(rule.Name), null, null), "The test could not be owed");
        Snackbar.Add("A test alert is on its way.", Severity.Info);
        await ShowAsync(rule);
    }

    private async Task SetEnabledAsync(AlertRule rule, bool enabled)
    {
        await WriteAsync(() => Writer.SetRuleEnabledAsync(Id(rule).Id, enabled), "The rule could not be changed");
        await ReloadAsync();
    }

    private async Task DeleteAsync(AlertRule rule)
    {
        await WriteAsync(() => Writer.DeleteRuleAsync(Id(rule).Id), "The rule could not be deleted");
        if (_selected?.Id == rule.Id) (_selected, Shown) = (null, null);
        await ReloadAsync();
    }

    private static Destination Id(AlertRule r) => Destination.Rule(long.Parse(r.Id, CultureInfo.InvariantCulture));
}
