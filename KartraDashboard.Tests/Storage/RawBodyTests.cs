using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KartraDashboard.Simulation;
using KartraDashboard.Storage;
using LiteDB;

namespace KartraDashboard.Tests.Storage;

public class RawBodyTests
{
    private static IReadOnlyList<GeneratedPing> SimulatedPings(int count) =>
        new StoryGenerator(seed: 9, new DateTime(2026, 6, 1)).Take(count);

    /// <summary>What every body and snapshot was stored as before zstd.</summary>
    private static byte[] OldBrotli(byte[] raw)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        Assert.True(BrotliEncoder.TryCompress(raw, buffer, out var written, quality: 5, window: 22));
        return buffer[..written];
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Bodies_come_back_byte_for_byte_and_smaller_than_Brotli_made_them()
    {
        var pings = SimulatedPings(300);
        long zstd = 0, brotli = 0;
        foreach (var ping in pings)
        {
            var packed = RawBody.Compress(ping.Body);
            Assert.True(RawBody.IsZstd(packed));
            Assert.Equal(ping.Body, RawBody.Decompress(packed, ping.Body.Length));
            Assert.Equal(ping.Body, RawBody.Decompress(packed));
            zstd += packed.Length;
            brotli += OldBrotli(ping.Body).Length;
        }
        Assert.True(zstd * 2 < brotli, $"zstd took {zstd} bytes, Brotli {brotli}");
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Bodies_nothing_like_a_ping_and_empty_ones_come_back_too()
    {
        var random = new byte[5000];
        new Random(3).NextBytes(random);
        foreach (var raw in new[] { random, [], Encoding.UTF8.GetBytes("not a ping at all ✓") })
        {
            var packed = RawBody.Compress(raw);
            Assert.Equal(raw, RawBody.Decompress(packed, raw.Length));
            Assert.Equal(raw, RawBody.Decompress(packed));
        }
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void A_body_stored_with_Brotli_before_is_still_read()
    {
        foreach (var ping in SimulatedPings(50))
        {
            var old = OldBrotli(ping.Body);
            Assert.False(RawBody.IsZstd(old));
            Assert.Null(RawBody.DictionaryId(old));
            Assert.Equal(ping.Body, RawBody.Decompress(old, ping.Body.Length));
            Assert.Equal(ping.Body, RawBody.Decompress(old));
        }
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Each_body_records_the_dictionary_it_was_compressed_with()
    {
        var packed = RawBody.Compress(SimulatedPings(1)[0].Body);
        Assert.Equal(BodyDictionaries.Current, RawBody.DictionaryId(packed));
        Assert.Contains(BodyDictionaries.All, r => r.Id == BodyDictionaries.Current);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void A_body_that_needs_an_unknown_dictionary_fails_with_a_clear_message()
    {
        var body = SimulatedPings(1)[0].Body;
        var packed = RawBody.Compress(body);
        // The dictionary id sits right after the magic number and the frame descriptor (a single segment: no window byte).
        Assert.Equal(1, packed[4] & 0x03);
        Assert.NotEqual(0, packed[4] & 0x20);
        packed[5] = 250;
        Assert.Equal(250u, RawBody.DictionaryId(packed));
        var error = Assert.Throws<InvalidDataException>(() => RawBody.Decompress(packed, body.Length));
        Assert.Contains("dictionary 250", error.Message);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void Every_released_dictionary_ships_with_the_program_under_its_own_id()
    {
        Assert.Equal(BodyDictionaries.All.Count, BodyDictionaries.All.Select(r => r.Id).Distinct().Count());
        foreach (var recipe in BodyDictionaries.All)
        {
            var dictionary = BodyDictionaries.Get(recipe.Id);
            // A zstd dictionary starts with its magic number, then its id.
            Assert.Equal(0xEC30A437u, BitConverter.ToUInt32(dictionary, 0));
            Assert.Equal(recipe.Id, BitConverter.ToUInt32(dictionary, 4));
            Assert.Equal(recipe.Size, dictionary.Length);
        }
    }

    /// <summary>
    /// A dictionary keeps fragments of its samples, so one trained from stored pings would ship
    /// real addresses. Every address fragment in a shipped dictionary must have a domain the
    /// simulator generates. (Retraining is not the check: a released dictionary is never
    /// retrained, while the simulator's pings change as it learns new stories.)
    /// </summary>
    [Fact]
    [Trait("Category", "Fast")]
    public void The_shipped_dictionaries_hold_only_addresses_the_simulator_generates()
    {
        var simulated = SimulationCatalog.Countries.SelectMany(c => c.EmailDomains)
            .Select(d => d[..(d.IndexOf('.') + 1)]).ToHashSet(StringComparer.Ordinal);
        foreach (var recipe in BodyDictionaries.All)
        {
            var text = Encoding.Latin1.GetString(BodyDictionaries.Get(recipe.Id));
            // Twitter handles follow an @ too, but they never hold a dot. A dictionary's fragments are
            // cut and joined anywhere, so only the domain's first label and its dot are compared.
            var domains = Regex.Matches(text, @"@([A-Za-z0-9-]+\.)")
                .Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(domains);
            Assert.All(domains, d => Assert.Contains(d, simulated));
        }
    }

    /// <summary>
    /// Event documents leave out what their keys hold (action, lead id, subject kind and id), the
    /// names their lead and subject keep for them, a line that is the label and the subject, the
    /// usual Content-Type and the length a zstd frame records; documents written before hold them
    /// all and read the same.
    /// </summary>
    [Fact]
    public async Task Events_and_lead_snapshots_stored_with_Brotli_are_read_beside_new_ones()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-test-").FullName;
        var app = new TestApp(folder: folder, ownsFolder: false);
        try
        {
            var first = TestPings.From("assign_tag").Lead("7", email: "old@example.com", firstName: "Olga").ToJsonString();
            (await app.PostAsync(first)).EnsureSuccessStatusCode();
            await app.DisposeAsync();

            // Rewrite what was stored the way it was stored before zstd.
            using (var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "kartra.db"), Connection = ConnectionType.Direct }))
            {
                var events = db.GetCollection(Schema.Events.Collection);
                var ev = events.FindById(1L);
                Assert.True(RawBody.IsZstd(ev[Schema.Events.Body].AsBinary));
                foreach (var field in new[] { Schema.Events.Action, Schema.Events.Lead, Schema.Events.ContentType, Schema.Events.BodyLength })
                    Assert.False(ev.ContainsKey(field), field);
                // As documents were written before: every field, and no Content-Type where the request had none.
                ev[Schema.Events.Body] = OldBrotli(Encoding.UTF8.GetBytes(first));
                ev[Schema.Events.BodyLength] = Encoding.UTF8.GetByteCount(first);
                ev[Schema.Events.Action] = "assign_tag";
                ev[Schema.Events.Lead] = "7";
                // The line, kind and id each event held; a line as it was written then reads back as written.
                ev[Schema.Events.Summary] = "Tag assigned: VIP (written before)";
                ev[Schema.EventSubjects.Kind] = "tag";
                ev[Schema.EventSubjects.Id] = "12";
                ev[Schema.EventSubjects.Name] = "VIP (written before)";
                ev[Schema.Events.Email] = "olga.before@example.com";
                ev[Schema.Events.Name] = "Olga Before";
                events.Update(ev);
                var leads = db.GetCollection(Schema.Leads.Collection);
                var lead = leads.FindById("7");
                lead[Schema.Leads.Snapshot] = OldBrotli(RawBody.Decompress(lead[Schema.Leads.Snapshot].AsBinary));
                leads.Update(lead);
            }

            app = new TestApp(folder: folder);
            var second = TestPings.From("assign_tag").Lead("8", email: "new@example.com").ToJsonString();
            (await app.PostAsync(second)).EnsureSuccessStatusCode();
            using var api = app.Api();
            var oldEvent = (await api.GetFromJsonAsync<JsonObject>("/api/events/1"))!;
            var newEvent = (await api.GetFromJsonAsync<JsonObject>("/api/events/2"))!;
            Assert.Equal(first, (string?)oldEvent["raw"]);
            Assert.Equal(second, (string?)newEvent["raw"]);
            Assert.Null((string?)oldEvent["contentType"]);
            Assert.Equal("application/json", (string?)newEvent["contentType"]);
            Assert.Equal(("assign_tag", "7"), ((string?)oldEvent["action"], (string?)oldEvent["leadId"]));
            Assert.Equal(("assign_tag", "8"), ((string?)newEvent["action"], (string?)newEvent["leadId"]));
            Assert.Equal("Tag assigned: VIP (written before)", (string?)oldEvent["summary"]);
            Assert.Equal(("olga.before@example.com", "Olga Before", "VIP (written before)"),
                ((string?)oldEvent["leadEmail"], (string?)oldEvent["leadName"], (string?)oldEvent["subject"]!["name"]));
            Assert.Equal(("tag", "12"), ((string?)oldEvent["subject"]!["kind"], (string?)oldEvent["subject"]!["id"]));
            Assert.Equal(("tag", "12"), ((string?)newEvent["subject"]!["kind"], (string?)newEvent["subject"]!["id"]));
            Assert.Equal(2, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag"))!["total"]!);
            // A lead's events narrowed by action in memory, from either shape of document.
            Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag&lead=7"))!["total"]!);
            Assert.Equal(1, (int)(await api.GetFromJsonAsync<JsonObject>("/api/events?action=assign_tag&lead=8"))!["total"]!);
            Assert.Equal("old@example.com", (string?)(await api.GetFromJsonAsync<JsonObject>("/api/leads/7"))!["snapshot"]!["email"]);
            Assert.Equal("new@example.com", (string?)(await api.GetFromJsonAsync<JsonObject>("/api/leads/8"))!["snapshot"]!["email"]);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
