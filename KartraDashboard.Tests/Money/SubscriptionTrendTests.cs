using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using static KartraDashboard.Tests.Money.MoneyPings;

namespace KartraDashboard.Tests.Money;

public class SubscriptionTrendTests
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A story with every change the MRR line follows: A pays 30 monthly from April 1 (rebilled May 1);
    /// B pays 60 on April 10 and cancels on April 20; C paid 15 on March 1 and lapses on April 30;
    /// D starts a free trial on April 5 and pays 20 a fortnight from April 19; E starts a trial on April 25.
    /// </summary>
    public static JsonObject[] Story =>
    [
        Payment("3", 31, 3, 1, 15m, "2026-03-01 00:00:00", product: "Basic", productId: "40"),
        Payment("1", 11, 1, 1, 30m, "2026-04-01 00:00:00"),
        Payment("4", 41, 4, 1, 0m, "2026-04-05 00:00:00", rebillCircle: 14, trial: 1, trialPeriod: 14),
        Payment("2", 21, 2, 1, 60m, "2026-04-10 00:00:00"),
        Payment("4", 42, 4, 2, 20m, "2026-04-19 00:00:00", rebillCircle: 14),
        Cancel("2", 22, 2, "2026-04-20 00:00:00"),
        Payment("5", 51, 5, 1, 0m, "2026-04-25 00:00:00", rebillCircle: 14, trial: 1, trialPeriod: 14),
        Payment("1", 12, 1, 2, 30m, "2026-05-01 00:00:00"),
    ];

    internal static TestApp Host() =>
        new(new() { ["Kartra:TimeZone"] = "UTC", ["Dashboard:TimeZone"] = "UTC" }, services: s => s.AddSingleton<TimeProvider>(new TestClock(Now)));

    internal static async Task PostStoryAsync(TestApp app)
    {
        foreach (var ping in Story)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Mrr_at_the_end_of_each_day_churn_and_trial_conversion_come_from_the_kept_day_figures()
    {
        await using var app = Host();
        await PostStoryAsync(app);
        using var api = app.Api();
        var trend = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions/trend?from=2026-04-01&to=2026-04-30"))!;
        var days = trend["days"]!.AsArray().ToDictionary(d => (string)d!["date"]!, d => (decimal)d!["mrr"]!);
        Assert.Equal(30, days.Count);
        // By hand: A 30 + C 15; B adds 60; D adds 20 x 30 / 14 = 42.857... = 42.86; B cancels; C lapses (March 31 + 30 days).
        Assert.Equal(45.00m, days["2026-04-01"]);
        Assert.Equal(45.00m, days["2026-04-09"]);
        Assert.Equal(105.00m, days["2026-04-10"]);
        Assert.Equal(147.86m, days["2026-04-19"]);
        Assert.Equal(87.86m, days["2026-04-20"]);
        Assert.Equal(87.86m, days["2026-04-29"]);
        Assert.Equal(72.86m, days["2026-04-30"]);
        // C was counted in MRR when April began; B was cancelled in it.
        Assert.Equal(1, (int)trend["activeAtStart"]!);
        Assert.Equal(1, (int)trend["cancelled"]!);
        Assert.Equal(1m, (decimal)trend["churnRate"]!);
        Assert.Equal(2, (int)trend["trialsStarted"]!);
        Assert.Equal(1, (int)trend["trialsConverted"]!);
        Assert.Equal(0.5m, (decimal)trend["trialConversion"]!);

        // The line's last day and MRR now agree: A 30.00 (a day late) and D 42.86 (overdue).
        var summary = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions"))!["summary"]!;
        Assert.Equal(72.86m, (decimal)summary["mrr"]!);
        var toNow = (await api.GetFromJsonAsync<JsonObject>("/api/subscriptions/trend?from=2026-05-01&to=2026-05-31"))!;
        Assert.Equal(72.86m, (decimal)toNow["days"]!.AsArray()[^1]!["mrr"]!);
        Assert.Equal(2, (int)toNow["activeAtStart"]!);
    }
}
