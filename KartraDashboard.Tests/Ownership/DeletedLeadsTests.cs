using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Ownership;

namespace KartraDashboard.Tests.Ownership;

public class DeletedLeadsTests
{
    private static string Ping(string leadId, int deleted)
    {
        var ping = TestPings.From("assign_tag").Lead(leadId, email: $"lead{leadId}@example.org");
        ping["lead"]!["lead_deleted"] = deleted.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ping.ToJsonString();
    }

    [Fact]
    public async Task Leads_deleted_in_Kartra_are_marked_listed_and_erased_in_one_go()
    {
        await using var app = new TestApp();
        using var api = app.Api();
        foreach (var (lead, deleted) in new[] { ("1", 0), ("2", 1), ("3", 1), ("4", 0), ("3", 0), ("3", 1), ("5", 1), ("5", 0) })
            (await app.PostAsync(Ping(lead, deleted))).EnsureSuccessStatusCode();

        // The latest ping decides.
        var listed = (await api.GetFromJsonAsync<JsonObject>("/api/leads?deleted=1"))!;
        Assert.Equal(2, (int)listed["total"]!);
        Assert.Equal(["3", "2"], listed["items"]!.AsArray().Select(l => (string)l!["leadId"]!));
        Assert.True((bool)listed["items"]![0]!["leadDeleted"]!);
        Assert.False((bool)(await api.GetFromJsonAsync<JsonObject>("/api/leads/5"))!["leadDeleted"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/leads?deleted=yes")).StatusCode);

        Assert.Equal(2, await app.Service<Erasure>().EraseDeletedAsync());
        Assert.Equal(0, (int)(await api.GetFromJsonAsync<JsonObject>("/api/leads?deleted=1"))!["total"]!);
        var leads = (await api.GetFromJsonAsync<JsonObject>("/api/leads"))!;
        Assert.Equal(3, (int)leads["total"]!);
        Assert.Equal(["1", "4", "5"], leads["items"]!.AsArray().Select(l => (string)l!["leadId"]!).Order(StringComparer.Ordinal));
        var log = (await api.GetFromJsonAsync<JsonObject>("/api/erasures"))!;
        Assert.Equal(2, (int)log["total"]!);
        Assert.Equal(4, log["items"]!.AsArray().Sum(e => (int)e!["events"]!));
        Assert.Equal(4, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events"))!["total"]!);
        Assert.Empty(DiskSearch.Find(app.DatabasePath, "lead2@example.org", "lead3@example.org"));
    }

    [Theory]
    [Trait("Category", "Fast")]
    [InlineData("Storage:RawBodyDays", -1)]
    [InlineData("Storage:EventDays", -3)]
    [InlineData("Storage:BackupEveryHours", 0)]
    [InlineData("Storage:BackupKeep", 0)]
    public void A_bad_retention_or_backup_setting_is_refused_naming_its_key(string key, int value)
    {
        var o = new OwnershipOptions { BackupFolder = Path.Combine(Path.GetTempPath(), "kartra-backups-validation") };
        switch (key)
        {
            case "Storage:RawBodyDays": o.RawBodyDays = value; break;
            case "Storage:EventDays": o.EventDays = value; break;
            case "Storage:BackupEveryHours": o.BackupEveryHours = value; break;
            case "Storage:BackupKeep": o.BackupKeep = value; break;
        }
        var result = new OwnershipOptionsValidator().Validate(null, o);
        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void A_backup_folder_that_cannot_be_made_is_refused_naming_its_key()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = new OwnershipOptionsValidator().Validate(null, new OwnershipOptions { BackupFolder = Path.Combine(file, "backups") });
            Assert.True(result.Failed);
            Assert.Contains("Storage:BackupFolder", result.FailureMessage);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
