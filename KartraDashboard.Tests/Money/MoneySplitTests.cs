using System.Globalization;
using KartraDashboard.Storage;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using static KartraDashboard.Tests.Money.MoneyPings;

namespace KartraDashboard.Tests.Money;

/// <summary>A file written before the money figures existed gets them once, at start.</summary>
public class MoneySplitTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static string DaysAgo(double days) => Now.AddDays(-days).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static TestApp Host(string folder) =>
        new(new() { ["Kartra:TimeZone"] = "UTC", ["Dashboard:TimeZone"] = "UTC" }, folder, ownsFolder: false,
            services: s => s.AddSingleton<TimeProvider>(new TestClock(Now)));

    [Fact]
    public async Task Transactions_stored_before_get_their_split_subscriptions_links_and_customers_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        try
        {
            string subscriptions, revenue, range, sale;
            await using (var app = Host(folder))
            {
                foreach (var ping in new[]
                {
                    Payment("1", 11, 1, 1, 50m, DaysAgo(65), tax: 5m),
                    Payment("1", 12, 1, 2, 50m, DaysAgo(35), tax: 5m),
                    Payment("1", 13, 1, 3, 50m, DaysAgo(5), tax: 5m),
                    Payment("2", 21, 2, 1, 0m, DaysAgo(3), trial: 1, trialPeriod: 14, rebillCircle: 14),
                    Payment("3", 31, 3, 1, 20m, DaysAgo(40)),
                    Cancel("3", 32, 3, DaysAgo(20)),
                    TestPings.Sale("4", 41, 15m, DaysAgo(2)),
                    RefundOf("4", 42, 41, 20m, DaysAgo(1)),
                })
                {
                    using var response = await app.PostAsync(ping.ToJsonString());
                    response.EnsureSuccessStatusCode();
                }
                using var api = app.Api();
                subscriptions = await api.GetStringAsync("/api/subscriptions");
                revenue = await api.GetStringAsync("/api/revenue");
                range = await api.GetStringAsync("/api/revenue?from=2026-05-01&to=2026-05-31");
                sale = await api.GetStringAsync("/api/transactions/41");
            }

            // Take the file back to what an older version wrote: no money figures at all.
            using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct }))
            {
                foreach (var c in new[] { "subscriptions", "subscription_days", "customer_days", "customers" }) db.DropCollection(c);
                var meta = db.GetCollection(Schema.Meta.Collection);
                meta.Delete("setting:moneySplit");
                meta.Delete(Schema.Customers.CountId);
                var transactions = db.GetCollection(Schema.Transactions.Collection);
                foreach (var tx in transactions.FindAll().ToList())
                {
                    tx.Remove(Schema.TransactionMoney.Rebill);
                    tx.Remove(Schema.TransactionMoney.Subscription);
                    tx.Remove(Schema.TransactionMoney.Refunds);
                    transactions.Update(tx);
                }
                var days = db.GetCollection(Schema.RevenueDays.Collection);
                foreach (var day in days.FindAll().ToList())
                {
                    day.Remove(Schema.RevenueDayMoney.RebillsCount);
                    day.Remove(Schema.RevenueDayMoney.Rebills);
                    foreach (var line in day[Schema.RevenueDays.Products].AsArray)
                    {
                        line.AsDocument.Remove(Schema.RevenueDayMoney.RebillsCount);
                        line.AsDocument.Remove(Schema.RevenueDayMoney.Rebills);
                    }
                    days.Update(day);
                }
                Assert.Equal(0, db.GetCollection("subscriptions").Count());
            }

            await using (var app = Host(folder))
            {
                using var api = app.Api();
                Assert.Equal(subscriptions, await api.GetStringAsync("/api/subscriptions"));
                Assert.Equal(revenue, await api.GetStringAsync("/api/revenue"));
                Assert.Equal(range, await api.GetStringAsync("/api/revenue?from=2026-05-01&to=2026-05-31"));
                Assert.Equal(sale, await api.GetStringAsync("/api/transactions/41"));
                Assert.Contains("Initial payments, rebills and subscriptions worked out for 8 stored transactions", string.Join('\n', app.Logs));
                var r = System.Text.Json.Nodes.JsonNode.Parse(revenue)!;
                Assert.Equal(2, (int)r["rebills"]!["count"]!);
                Assert.Equal(4, (int)r["customers"]!);
            }
            // Done once: a third start replays nothing.
            await using (var app = Host(folder))
                Assert.DoesNotContain("worked out for", string.Join('\n', app.Logs));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
