using System.IO.Compression;
using System.Text;

namespace KartraDashboard.Storage;

/// <summary>
/// Raw bodies kept byte for byte but compressed: every ping repeats the whole lead, and Brotli
/// shrinks that repetition several times over, which keeps the database file small.
/// </summary>
public static class RawBody
{
    public static byte[] Compress(ReadOnlySpan<byte> raw)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        if (!BrotliEncoder.TryCompress(raw, buffer, out var written, quality: 5, window: 22))
            throw new InvalidOperationException("Brotli could not compress the body.");
        return buffer.AsSpan(0, written).ToArray();
    }

    public static byte[] Decompress(byte[] compressed, int length)
    {
        var raw = new byte[length];
        if (length > 0 && (!BrotliDecoder.TryDecompress(compressed, raw, out var written) || written != length))
            throw new InvalidDataException("A stored body does not decompress to its recorded length.");
        return raw;
    }

    /// <summary>Decompresses bytes whose original length was not recorded.</summary>
    public static byte[] Decompress(byte[] compressed)
    {
        using var input = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
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
