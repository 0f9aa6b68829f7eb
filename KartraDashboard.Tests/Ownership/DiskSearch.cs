using System.Buffers.Binary;
using System.Text;
using KartraDashboard.Storage;
using ZstdSharp;

namespace KartraDashboard.Tests.Ownership;

/// <summary>
/// A plain byte search of a database's files (data file and log), for texts in UTF-8 in any
/// case, and of every zstd frame found anywhere in them, decompressed: a compressed body that
/// still decompresses to a text counts as found.
/// </summary>
internal static class DiskSearch
{
    /// <summary>What of <paramref name="needles"/> the files hold, with where it was found.</summary>
    public static List<string> Find(string databasePath, params string[] needles)
    {
        var found = new List<string>();
        foreach (var path in new[] { databasePath, Database.LogPathOf(databasePath) })
        {
            if (!File.Exists(path)) continue;
            byte[] bytes;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[file.Length];
                file.ReadExactly(bytes);
            }
            var name = Path.GetFileName(path);
            foreach (var needle in needles)
                if (Holds(bytes, needle)) found.Add($"{needle} in {name}");
            foreach (var (at, text) in Frames(bytes))
                foreach (var needle in needles)
                    if (Holds(text, needle)) found.Add($"{needle} in a compressed value at byte {at} of {name}");
        }
        return found;
    }

    private static bool Holds(byte[] haystack, string needle)
    {
        var lower = Encoding.UTF8.GetBytes(needle.ToLowerInvariant());
        var upper = Encoding.UTF8.GetBytes(needle.ToUpperInvariant());
        if (lower.Length != upper.Length) return haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
        for (var i = 0; i + lower.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < lower.Length && (haystack[i + j] == lower[j] || haystack[i + j] == upper[j])) j++;
            if (j == lower.Length) return true;
        }
        return false;
    }

    /// <summary>Every zstd frame in the bytes, decompressed as far as it goes (with the dictionary it names).</summary>
    private static IEnumerable<(int At, byte[] Text)> Frames(byte[] bytes)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, 0xFD2FB528);
        var magicBytes = magic.ToArray();
        for (var at = 0; (at = IndexOf(bytes, magicBytes, at)) >= 0; at++)
        {
            var frame = bytes.AsSpan(at, Math.Min(bytes.Length - at, 1 << 18)).ToArray();
            uint? dictionary;
            try { dictionary = RawBody.DictionaryId(frame); }
            catch (InvalidDataException) { continue; }
            var output = new MemoryStream();
            try
            {
                using var stream = new DecompressionStream(new MemoryStream(frame));
                if (dictionary is > 0) stream.LoadDictionary(BodyDictionaries.Get(dictionary.Value));
                var buffer = new byte[4096];
                int n;
                while (output.Length < 1 << 20 && (n = stream.Read(buffer)) > 0) output.Write(buffer, 0, n);
            }
            catch (Exception e) when (e is ZstdException or IOException or InvalidDataException or KeyNotFoundException or ArgumentException)
            {
                // What came out before the frame broke off still counts.
            }
            if (output.Length > 0) yield return (at, output.ToArray());
        }
    }

    private static int IndexOf(byte[] bytes, byte[] what, int from)
    {
        var i = bytes.AsSpan(from).IndexOf(what);
        return i < 0 ? -1 : from + i;
    }
}
