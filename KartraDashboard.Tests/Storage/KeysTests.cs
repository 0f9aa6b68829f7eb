using KartraDashboard.Storage;
using LiteDB;

namespace KartraDashboard.Tests.Storage;

/// <summary>The index key format, checked against LiteDB's own collation in a real file.</summary>
[Trait("Category", "Fast")]
public class KeysTests
{
    // Groups that a culture collation ignoring case and control characters would mix: prefixes of
    // one another, case variants, and groups holding the separator or a control character.
    private static readonly string[] Groups =
        ["1", "10", "100", "15", "2", "5", "50", "a", "A", "buy_product", "BUY_PRODUCT", "1!000000000001", "1\u001f0", "1 0", "x.y", "Ünïcode", ""];

    [Fact]
    public void Each_group_reads_back_exactly_its_own_keys_in_order_from_a_LiteDB_index()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-keys-");
        try
        {
            using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder.FullName, "keys.db"), Connection = ConnectionType.Direct });
            var docs = db.GetCollection("docs");
            docs.EnsureIndex("k", "$.k");
            long id = 0;
            foreach (var round in Enumerable.Range(0, 3))
                foreach (var group in Groups)
                {
                    id++;
                    docs.Insert(new BsonDocument { ["_id"] = id, ["g"] = group, ["k"] = Keys.Of(group, id) });
                }

            foreach (var group in Groups)
            {
                var query = new Query { OrderBy = "$.k" };
                query.Where.Add(Query.Between("k", Keys.Lowest(group), Keys.Highest(group)));
                var read = docs.Find(query).ToList();
                Assert.All(read, d => Assert.Equal(group, d["g"].AsString));
                Assert.Equal(3, read.Count);
                Assert.Equal(read.Select(d => d["_id"].AsInt64).Order(), read.Select(d => d["_id"].AsInt64));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_key_gives_back_the_group_it_was_made_for()
    {
        foreach (var group in Groups)
        {
            Assert.Equal(group, Keys.GroupOf(Keys.Of(group, 7)));
            Assert.Equal(group, Keys.GroupOf(Keys.Dated(group, new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc))));
        }
    }

    [Fact]
    public void A_key_is_in_its_own_group_only()
    {
        foreach (var group in Groups)
            foreach (var other in Groups)
                Assert.Equal(group == other, Keys.IsIn(Keys.Of(group, 7), other));
        Assert.True(Keys.IsIn(Keys.Dated("5", new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc)), "5"));
        Assert.False(Keys.IsIn(Keys.Dated("50", new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc)), "5"));
    }
    [Fact]
    public void Positions_sort_as_numbers_do_in_a_LiteDB_index()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-keys-");
        try
        {
            using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder.FullName, "keys.db"), Connection = ConnectionType.Direct });
            var docs = db.GetCollection("docs");
            docs.EnsureIndex("k", "$.k");
            // Across every change of width and of digit to letter, and at the ends.
            long[] ids = [0, 1, 9, 10, 35, 36, 37, 1295, 1296, 46655, 46656, 999_999, 1_000_000_000, Keys.MaxId - 1, Keys.MaxId];
            var dates = new[] { DateTime.MinValue, new DateTime(2026, 3, 10, 7, 30, 0, DateTimeKind.Utc), new DateTime(2026, 3, 10, 7, 30, 0, 1, DateTimeKind.Utc), DateTime.MaxValue };
            foreach (var id in ids.Reverse()) docs.Insert(new BsonDocument { ["_id"] = id, ["k"] = Keys.Of("g", id) });
            foreach (var (date, i) in dates.Select((d, i) => (d, i)).Reverse()) docs.Insert(new BsonDocument { ["_id"] = -1 - i, ["k"] = Keys.Dated("h", date) });

            var byId = docs.Find(new Query { OrderBy = "$.k", Where = { Query.Between("k", Keys.Lowest("g"), Keys.Highest("g")) } }).Select(d => d["_id"].AsInt64);
            Assert.Equal(ids, byId);
            var byDate = docs.Find(new Query { OrderBy = "$.k", Where = { Query.StartsWith("k", "h!") } }).Select(d => -1 - d["_id"].AsInt64);
            Assert.Equal(Enumerable.Range(0, dates.Length).Select(i => (long)i), byDate);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_groups_pairs_are_its_own_range_of_a_LiteDB_id_index_whatever_the_length()
    {
        var folder = Directory.CreateTempSubdirectory("kartra-keys-");
        try
        {
            using var db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder.FullName, "keys.db"), Connection = ConnectionType.Direct });
            var docs = db.GetCollection("pairs");
            // Groups and members as long as a ping can make them, in characters that escape to five.
            var groups = Groups.Append(new string('Ü', 1_000)).ToArray();
            string[] members = ["1", "10", "2", "0", "00", "A", "a", "", new string('9', 32), new string('9', 33), new string('é', 200)];
            foreach (var group in groups)
                foreach (var member in members)
                {
                    var key = Keys.Pair(group, member);
                    Assert.True(System.Text.Encoding.UTF8.GetByteCount(key) <= 1_023);
                    docs.Insert(new BsonDocument { ["_id"] = key, ["g"] = group, ["m"] = member });
                }

            foreach (var group in groups)
            {
                var (low, high) = Keys.PairRange(group);
                var read = docs.Find(Query.Between("_id", low, high)).ToList();
                Assert.All(read, d => Assert.Equal(group, d["g"].AsString));
                Assert.Equal(members.Order(StringComparer.Ordinal), read.Select(d => d["m"].AsString).Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
