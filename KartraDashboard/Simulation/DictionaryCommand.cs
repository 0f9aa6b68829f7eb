using System.Globalization;
using KartraDashboard.Storage;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace KartraDashboard.Simulation;

/// <summary>
/// <c>train-dictionary &lt;id&gt; &lt;folder&gt;</c>: trains a body compression dictionary of
/// <see cref="BodyDictionaries"/> from the simulator's pings, by its recipe, and writes it to the
/// folder. The simulator's pings only: they are generated, so the dictionary holds no one's data.
/// The same recipe gives the same bytes, which the tests check against the shipped file.
/// </summary>
public static class DictionaryCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length != 2 || !uint.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || BodyDictionaries.All.FirstOrDefault(r => r.Id == id) is not { } recipe)
        {
            await output.WriteLineAsync($"Usage: train-dictionary <id> <folder>; known ids: {string.Join(", ", BodyDictionaries.All.Select(r => r.Id))}.");
            return SimulateCommand.BadArguments;
        }
        var path = Path.Combine(args[1], recipe.FileName);
        await File.WriteAllBytesAsync(path, Train(recipe));
        await output.WriteLineAsync($"Wrote {path}.");
        return SimulateCommand.Success;
    }

    public static byte[] Train(BodyDictionaries.Recipe recipe)
    {
        var samples = new StoryGenerator(recipe.Seed, recipe.Start).Generate().Take(recipe.Pings).Select(p => p.Body);
        // Fixed parameters and one thread, so that training is repeatable byte for byte.
        var parameters = new ZDICT_fastCover_params_t
        {
            k = 200,
            d = 8,
            f = 20,
            steps = 0,
            nbThreads = 1,
            splitPoint = 1.0,
            accel = 1,
            zParams = new ZDICT_params_t { compressionLevel = 3, dictID = recipe.Id },
        };
        return DictBuilder.TrainFromBufferFastCover(samples, parameters, recipe.Size).ToArray();
    }
}
