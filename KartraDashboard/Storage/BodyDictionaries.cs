using System.Collections.Concurrent;

namespace KartraDashboard.Storage;

/// <summary>
/// The zstd dictionaries stored bodies are compressed with, each under a fixed id that its frames
/// record. A dictionary is part of every body compressed with it, so one is never changed nor
/// removed once released: a better one is added under the next id and made <see cref="Current"/>,
/// and the old ones stay here so that the bodies written with them still decompress.
/// <para>
/// A dictionary keeps bytes of the samples it was trained on. So they are trained only from the
/// simulator's generated pings (the <c>train-dictionary</c> command, from the recipe below), never
/// from stored pings: those hold personal data that must stay erasable, and a dictionary shipped
/// with the program could not be.
/// </para>
/// </summary>
public static class BodyDictionaries
{
    /// <summary>How a dictionary was made: the simulator's seed and Kartra clock at the first ping, how many pings, its size.</summary>
    public sealed record Recipe(uint Id, int Seed, DateTime Start, int Pings, int Size)
    {
        public string FileName => $"kartra-pings-{Id}.zdict";
    }

    /// <summary>Every dictionary ever released, oldest first. Append only.</summary>
    public static readonly IReadOnlyList<Recipe> All =
    [
        new(1, Seed: 1, Start: new DateTime(2026, 1, 1), Pings: 20_000, Size: 64 * 1024),
    ];

    /// <summary>The dictionary new bodies are compressed with.</summary>
    public const uint Current = 1;

    private static readonly ConcurrentDictionary<uint, byte[]> Loaded = new();

    /// <summary>A dictionary's bytes, shipped inside the program.</summary>
    public static byte[] Get(uint id) => Loaded.GetOrAdd(id, Load);

    private static byte[] Load(uint id)
    {
        var recipe = All.FirstOrDefault(r => r.Id == id)
            ?? throw new InvalidDataException($"A stored body needs compression dictionary {id}, which this version does not know.");
        using var stream = typeof(BodyDictionaries).Assembly.GetManifestResourceStream(recipe.FileName)
            ?? throw new InvalidOperationException($"The compression dictionary {recipe.FileName} is missing from the build.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
