using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace KartraDashboard.Storage;

/// <summary>
/// Raw bodies kept byte for byte but compressed. Pings are small and alike (the same field names,
/// the whole lead every time), so zstd with a dictionary trained on Kartra-shaped pings stores a
/// body in about a third of what Brotli alone needed, at a fraction of its CPU.
/// <para>
/// Each stored value says how to read it: a zstd frame starts with zstd's magic number and
/// records in its header the id of the dictionary it was compressed with; anything else is Brotli,
/// as every body stored before zstd was (always with a 4 MB window, whose first byte can never
/// begin zstd's magic number). So old bodies stay readable as they are, and a body always finds
/// the dictionary it needs in <see cref="BodyDictionaries"/>.
/// </para>
/// </summary>
public static class RawBody
{
    /// <summary>Level 3 is zstd's default; higher levels saved a few bytes a body at several times the CPU.</summary>
    private const int Level = 3;

    private const uint ZstdMagic = 0xFD2FB528;

    // (De)compressors keep their dictionary loaded and serve one caller at a time; compressing
    // never awaits, so a pool holds about as many as there are cores, not one per thread.
    private static readonly ConcurrentBag<Compressor> Compressors = [];
    private static readonly ConcurrentDictionary<uint, ConcurrentBag<Decompressor>> Decompressors = new();

    public static byte[] Compress(ReadOnlySpan<byte> raw)
    {
        if (!Compressors.TryTake(out var compressor)) compressor = NewCompressor(BodyDictionaries.Current);
        try
        {
            return compressor.Wrap(raw).ToArray();
        }
        finally
        {
            Compressors.Add(compressor);
        }
    }

    private static Compressor NewCompressor(uint dictionaryId)
    {
        var c = new Compressor(Level);
        c.LoadDictionary(BodyDictionaries.Get(dictionaryId));
        // The frame names its dictionary and its length; a checksum would add 4 bytes LiteDB's pages do not need.
        c.SetParameter(ZSTD_cParameter.ZSTD_c_dictIDFlag, 1);
        c.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 1);
        c.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
        return c;
    }

    /// <summary>True when the stored value is a zstd frame (else it is Brotli, as bodies stored before were).</summary>
    public static bool IsZstd(ReadOnlySpan<byte> compressed) =>
        compressed.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(compressed) == ZstdMagic;

    /// <summary>The id of the dictionary a zstd frame was compressed with (0: none); null when it is not zstd.</summary>
    public static uint? DictionaryId(ReadOnlySpan<byte> compressed)
    {
        if (!IsZstd(compressed) || compressed.Length < 5) return null;
        // Frame header: magic, descriptor, [window descriptor], [dictionary id of 0, 1, 2 or 4 bytes].
        var descriptor = compressed[4];
        var at = (descriptor & 0x20) != 0 ? 5 : 6;
        var size = (descriptor & 0x03) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        if (compressed.Length < at + size) throw new InvalidDataException("A stored body has a cut zstd frame header.");
        var id = compressed.Slice(at, size);
        return size switch
        {
            0 => 0,
            1 => id[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(id),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(id),
        };
    }

    public static byte[] Decompress(byte[] compressed, int length)
    {
        if (length == 0) return [];
        var raw = new byte[length];
        var written = 0;
        var ok = IsZstd(compressed)
            ? TryZstd(compressed, raw, out written)
            : BrotliDecoder.TryDecompress(compressed, raw, out written);
        if (!ok || written != length)
            throw new InvalidDataException("A stored body does not decompress to its recorded length.");
        return raw;
    }

    /// <summary>Decompresses bytes whose original length was not recorded.</summary>
    public static byte[] Decompress(byte[] compressed)
    {
        if (IsZstd(compressed))
            return WithDecompressor(compressed, d => d.Unwrap(compressed).ToArray());
        using var input = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static bool TryZstd(byte[] compressed, byte[] raw, out int written)
    {
        var result = WithDecompressor(compressed, d => d.TryUnwrap(compressed, raw, out var n) ? n : -1);
        written = Math.Max(result, 0);
        return result >= 0;
    }

    private static T WithDecompressor<T>(byte[] compressed, Func<Decompressor, T> work)
    {
        var id = DictionaryId(compressed)!.Value;
        var pool = Decompressors.GetOrAdd(id, _ => []);
        if (!pool.TryTake(out var decompressor))
        {
            // Looked up first: a body naming an unknown dictionary fails before anything is made.
            var dictionary = id == 0 ? null : BodyDictionaries.Get(id);
            decompressor = new Decompressor();
            if (dictionary is not null) decompressor.LoadDictionary(dictionary);
        }
        try
        {
            return work(decompressor);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"A stored body could not be decompressed: {e.Message}", e);
        }
        finally
        {
            pool.Add(decompressor);
        }
    }

    /// <summary>The body as text where it is valid UTF-8, else base64 with the encoding named.</summary>
    public static (string Text, string? Encoding) AsText(byte[] raw)
    {
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw), null);
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(raw), "base64");
        }
    }
}
