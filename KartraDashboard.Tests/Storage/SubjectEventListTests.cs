using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KartraDashboard.Storage;
using LiteDB;
using KartraDashboard.Ownership;
using KartraDashboard.Tests.Ownership;
using Microsoft.Extensions.DependencyInjection;

namespace KartraDashboard.Tests.Storage;

/// <summary>
/// A subject's events are read from its lists, written after the events' own commits, and from
/// the events stored since: every state along the way reads alike.
/// </summary>
public class SubjectEventListTests
{
    [Fact]
    [Trait("Category", "Fast")]
    public void A_list_of_ids_reads_back_as_written()
    {
        long[][] lists = [[1], [3, 4, 5, 900, 901, 2_000_000_000_000], [.. Enumerable.Range(1, SubjectEventLists.Capacity).Select(i => (long)i * 7)]];
        foreach (var ids in lists) Assert.Equal(ids, SubjectEventLists.Decode(SubjectEventLists.Encode(ids)));
        // Close ids take a byte each.
        Assert.Equal(SubjectEventLists.Capacity, SubjectEventLists.Encode([.. Enumerable.Range(1, SubjectEventLists.Capacity).Select(i => (long)i)]).Length);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Ranges_over_the_lists_count_and_read_what_they_hold_by_action_too()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        try
        {
            using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "lists.db"), Connection = ConnectionType.Direct });
            var lists = db.GetCollection(Schema.SubjectEvents.Collection);
            static string ActionOf(long id) => id % 3 == 0 ? "unassign_tag" : "assign_tag";
            BsonDocument List(string group, long number, long[] ids)
            {
                var list = new BsonDocument { ["_id"] = Keys.Of(group, ids[0]), [Schema.SubjectEvents.First] = number, [Schema.SubjectEvents.Ids] = SubjectEventLists.Encode(ids) };
                SubjectEventLists.WriteActions(list, ids.Select(ActionOf).ToList());
                return list;
            }
            // Tag 5's events in three lists numbered on from one another, and tag 50's between them.
            long[][] runs = [[3, 5, 8], [10, 11, 20], [25]];
            long number = 1;
            foreach (var run in runs)
            {
                lists.Insert(List("tag:5", number, run));
                lists.Insert(List("tag:50", number, [run[0] + 1]));
                number += run.Length;
            }
            var all = runs.SelectMany(r => r).ToList();
            HashSet<string>[] asked = [["unassign_tag"], ["assign_tag", "unassign_tag"], ["buy_product"]];
            for (long lo = 0; lo <= 27; lo++)
                for (var hi = lo - 1; hi <= 27; hi++)
                {
                    var held = all.Where(id => id >= lo && id <= hi).ToList();
                    Assert.Equal(held.AsEnumerable().Reverse().Select(id => (id, (string?)ActionOf(id))), SubjectEventLists.Descending(lists, "tag:5", lo, hi));
                    var expected = held.Count == 0 ? (0L, 0L, 0L) : (held.Count, held[0], held[^1]);
                    Assert.Equal(expected, SubjectEventLists.Span(lists, "tag:5", lo, hi));
                    foreach (var actions in asked)
                        Assert.Equal(held.Count(id => actions.Contains(ActionOf(id))), SubjectEventLists.CountOf(lists, "tag:5", lo, hi, actions));
                }

            // A list written before lists kept actions reads its ids alone, and cannot count by action.
            lists.Insert(new BsonDocument { ["_id"] = Keys.Of("tag:7", 4), [Schema.SubjectEvents.First] = 1, [Schema.SubjectEvents.Ids] = SubjectEventLists.Encode([4, 6]) });
            Assert.Equal([(6L, (string?)null), (4L, null)], SubjectEventLists.Descending(lists, "tag:7", 0, 27));
            Assert.Null(SubjectEventLists.CountOf(lists, "tag:7", 0, 27, asked[0]));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static JsonObject Tag(string action, string lead, int tagId) =>
        TestPings.From(action).Lead(lead).Details("tag", ("tag_id", tagId), ("tag_name", "Tag " + tagId));

    private sealed record Sent(long Id, string Lead, string Action, int? Tag);

    private static async Task<List<Sent>> PostAllAsync(TestApp app, IEnumerable<JsonObject> pings)
    {
        var sent = new List<Sent>();
        foreach (var ping in pings)
        {
            using var response = await app.PostAsync(ping.ToJsonString());
            response.EnsureSuccessStatusCode();
            var id = long.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!, CultureInfo.InvariantCulture);
            sent.Add(new Sent(id, (string)ping["lead"]!["id"]!, (string)ping["action"]!, (int?)ping["action_details"]!["tag"]?["tag_id"]));
        }
        return sent;
    }

    /// <summary>Tag 5 through more than one list, with tag 50 (whose keys must not mix with 5's) and a list between its events.</summary>
    private static IEnumerable<JsonObject> Pings(int count, int first)
    {
        for (var i = first; i < first + count; i++)
        {
            var lead = "L" + (i % 40);
            yield return Tag(i % 5 == 4 ? "unassign_tag" : "assign_tag", lead, 5);
            if (i % 4 == 0) yield return Tag("assign_tag", lead, 50);
            if (i % 10 == 0) yield return TestPings.From("list_subscription").Lead(lead).Details("list", ("list_id", 9), ("list_name", "Newsletter"));
        }
    }

    private static async Task<List<long>> PageIdsAsync(HttpClient api, string query, int total)
    {
        var ids = new List<long>();
        for (var skip = 0; ; skip += 100)
        {
            var page = (await api.GetFromJsonAsync<JsonObject>($"/api/events?subject=tag:5&take=100&skip={skip}{query}"))!;
            Assert.Equal(total, (long)page["total"]!);
            var items = page["items"]!.AsArray();
            foreach (var item in items)
            {
                Assert.Equal("5", (string?)item!["subject"]!["id"]);
                ids.Add(long.Parse((string)item["id"]!, CultureInfo.InvariantCulture));
            }
            if (items.Count < 100) return ids;
        }
    }

    /// <summary>Every page, a cursor and an action filter give exactly the tag's events still stored, newest first.</summary>
    private static async Task AssertReadsAsync(HttpClient api, List<Sent> tagged)
    {
        var newest = tagged.Select(s => s.Id).OrderDescending().ToList();
        Assert.Equal(newest, await PageIdsAsync(api, "", newest.Count));

        var before = newest[newest.Count / 2];
        var older = (await api.GetFromJsonAsync<JsonObject>($"/api/events?subject=tag:5&take=50&before={before}"))!["items"]!.AsArray()
            .Select(i => long.Parse((string)i!["id"]!, CultureInfo.InvariantCulture));
        Assert.Equal(newest.Where(id => id < before).Take(50), older);

        var removed = tagged.Where(s => s.Action == "unassign_tag").Select(s => s.Id).OrderDescending().ToList();
        Assert.Equal(removed, await PageIdsAsync(api, "&action=unassign_tag", removed.Count));
    }

    [Fact]
    public async Task A_subjects_events_read_alike_unlisted_listed_and_in_part_after_an_erasure_and_restarts()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = SubjectFeed.Holding(folder);
        try
        {
            var tagged = (await PostAllAsync(app, Pings(600, 0))).Where(s => s.Tag == 5).ToList();
            Assert.True(tagged.Count > SubjectEventLists.Capacity, "more than one list");
            Assert.True(app.Service<StoreWriter>().SubjectEventsOwed > 0);
            using (var api = app.Api()) await AssertReadsAsync(api, tagged);
            await app.DisposeAsync();

            // Listed once the writer is idle.
            app = new TestApp(folder: folder, ownsFolder: false);
            await SubjectFeed.WaitListedAsync(app);
            using (var api = app.Api()) await AssertReadsAsync(api, tagged);
            await app.DisposeAsync();

            // Some listed, some not; then a lead with events of both erased (all of them removals of
            // the tag, which the reads below ask for by action): they leave the list and its counts.
            app = SubjectFeed.Holding(folder);
            var added = (await PostAllAsync(app, Pings(30, 600))).Where(s => s.Tag == 5).ToList();
            tagged.AddRange(added);
            Assert.True(app.Service<StoreWriter>().SubjectEventsOwed > 0);
            Assert.Contains(added, s => s.Lead == "L9" && s.Action == "unassign_tag");
            using (var api = app.Api())
            {
                await AssertReadsAsync(api, tagged);
                using var erase = await api.DeleteAsync("/api/leads/L9");
                Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
                tagged.RemoveAll(s => s.Lead == "L9");
                await AssertReadsAsync(api, tagged);
            }
            await app.DisposeAsync();

            app = new TestApp(folder: folder, ownsFolder: false);
            await SubjectFeed.WaitListedAsync(app);
            using (var api = app.Api()) await AssertReadsAsync(api, tagged);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_kept_an_index_of_subject_keys_drops_it_and_lists_its_events_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = new TestApp(folder: folder, ownsFolder: false);
        try
        {
            var tagged = (await PostAllAsync(app, Pings(60, 0))).Where(s => s.Tag == 5).ToList();
            await SubjectFeed.WaitListedAsync(app);
            await app.DisposeAsync();
            // A file of before: the subject keys indexed, no lists.
            using (var db = new LiteDatabase(new ConnectionString { Filename = app.DatabasePath, Connection = ConnectionType.Direct }))
            {
                db.DropCollection(Schema.SubjectEvents.Collection);
                db.GetCollection(Schema.Meta.Collection).Delete(Schema.SubjectEvents.FedId);
                db.GetCollection(Schema.Events.Collection).EnsureIndex(Schema.EventSubjects.Key, "$." + Schema.EventSubjects.Key);
            }

            app = new TestApp(folder: folder, ownsFolder: false);
            using (var api = app.Api())
            {
                await AssertReadsAsync(api, tagged);
                await SubjectFeed.WaitListedAsync(app);
                await AssertReadsAsync(api, tagged);
            }
            await app.DisposeAsync();
            using (var db = new LiteDatabase(new ConnectionString { Filename = app.DatabasePath, Connection = ConnectionType.Direct }))
            {
                var indexes = db.GetCollection("$indexes").Find(BsonExpression.Create("collection = @0", Schema.Events.Collection)).Select(d => d["name"].AsString).ToList();
                Assert.Contains(Schema.Events.LeadKey, indexes);
                Assert.DoesNotContain(Schema.EventSubjects.Key, indexes);
                Assert.True(db.GetCollection(Schema.SubjectEvents.Collection).Count() > 0);
            }
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Lists_written_before_they_kept_actions_read_alike_and_are_followed_by_lists_that_keep_them()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = new TestApp(folder: folder, ownsFolder: false);
        try
        {
            var tagged = (await PostAllAsync(app, Pings(300, 0))).Where(s => s.Tag == 5).ToList();
            await SubjectFeed.WaitListedAsync(app);
            await app.DisposeAsync();
            using (var db = new LiteDatabase(new ConnectionString { Filename = app.DatabasePath, Connection = ConnectionType.Direct }))
            {
                var lists = db.GetCollection(Schema.SubjectEvents.Collection);
                foreach (var list in lists.FindAll().ToList())
                {
                    list.Remove(Schema.SubjectEvents.Actions);
                    list.Remove(Schema.SubjectEvents.Codes);
                    lists.Update(list);
                }
            }

            app = new TestApp(folder: folder, ownsFolder: false);
            using (var api = app.Api())
            {
                await AssertReadsAsync(api, tagged);
                tagged.AddRange((await PostAllAsync(app, Pings(100, 300))).Where(s => s.Tag == 5));
                await SubjectFeed.WaitListedAsync(app);
                await AssertReadsAsync(api, tagged);
            }
            await app.DisposeAsync();
            using (var db = new LiteDatabase(new ConnectionString { Filename = app.DatabasePath, Connection = ConnectionType.Direct }))
            {
                // The old lists stay as they were; the new events are in new lists, with their actions.
                var lists = db.GetCollection(Schema.SubjectEvents.Collection).FindAll().Where(l => Keys.IsIn(l["_id"].AsString, "tag:5")).ToList();
                Assert.Contains(lists, l => SubjectEventLists.Actions(l) is null);
                var kept = lists.Where(l => SubjectEventLists.Actions(l) is not null).SelectMany(SubjectEventLists.Ids).ToList();
                Assert.Equal(tagged.Skip(tagged.Count - kept.Count).Select(s => s.Id), kept);
            }
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Retention_drops_the_lists_whose_events_it_removed_and_the_rest_read_as_before()
    {
        var clock = new SetClock();
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = new TestApp(new() { ["Storage:EventDays"] = "2" }, folder: folder, ownsFolder: false, services: s => s.AddSingleton<TimeProvider>(clock));
        try
        {
            // One full list and the start of the next before the cut.
            await PostAllAsync(app, Enumerable.Range(0, SubjectEventLists.Capacity + 8).Select(i => Tag("assign_tag", "L" + (i % 40), 5)));
            await SubjectFeed.WaitListedAsync(app);
            await Task.Delay(50);
            var cut = DateTimeOffset.UtcNow;
            await Task.Delay(50);
            var kept = await PostAllAsync(app, Enumerable.Range(0, 5).Select(i => Tag("unassign_tag", "L" + i, 5)));
            await SubjectFeed.WaitListedAsync(app);

            clock.Now = cut.AddDays(2);
            Assert.Equal(SubjectEventLists.Capacity + 8, (await app.Service<Retention>().RunOnceAsync()).Events);
            using (var api = app.Api()) await AssertReadsAsync(api, kept);
            await app.DisposeAsync();

            using var db = new LiteDatabase(new ConnectionString { Filename = app.DatabasePath, Connection = ConnectionType.Direct });
            var left = db.GetCollection(Schema.SubjectEvents.Collection).FindAll().Where(d => Keys.IsIn(d["_id"].AsString, "tag:5")).ToList();
            Assert.Equal(SubjectEventLists.Capacity + 1, Assert.Single(left)[Schema.SubjectEvents.First].AsInt64);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
