using System.Globalization;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>Versioned model files under <c>&lt;data-dir&gt;/models/</c> (model-000001.bin, ...); publishing saves the next version and swaps it into the recommender atomically.</summary>
public sealed class ModelStore(EmbeddedRecommender recommender, EngineOptions options)
{
    private const string Prefix = "model-";
    private const string Suffix = ".bin";
    private readonly SemaphoreSlim _publishing = new(1, 1);

    public string Directory { get; } = Path.Combine(options.DataDirectory, "models");

    /// <summary>Saves <paramref name="model"/> as the next version, then serves it. Returns the version. Only the model owner
    /// (<see cref="ModelPromotion"/>) publishes, after its gate kept the model.</summary>
    internal async Task<int> PublishAsync(RecommenderModel model, CancellationToken cancellationToken = default)
    {
        await _publishing.WaitAsync(cancellationToken);
        try
        {
            var version = Versions().DefaultIfEmpty(0).Max() + 1;
            await Task.Run(() => model.Save(PathOf(version)), cancellationToken);
            recommender.Swap(model, version);
            // the swap seeded the model's new users: a restart must find them in the snapshot, not seed them again later
            await recommender.SaveStateAsync(cancellationToken);
            Prune(version);
            return version;
        }
        finally { _publishing.Release(); }
    }

    /// <summary>Loads the newest readable model into the recommender; false when there is none.</summary>
    public bool LoadLatest()
    {
        foreach (var version in Versions().OrderDescending())
        {
            try
            {
                recommender.Swap(RecommenderModel.Load(PathOf(version)), version);
                recommender.SaveStateAsync(CancellationToken.None).GetAwaiter().GetResult();
                return true;
            }
            catch (InvalidDataException) { /* a damaged or older-format file: try the one before */ }
        }
        return false;
    }

    public IEnumerable<int> Versions()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Suffix)
            .Select(f => Path.GetFileName(f)[Prefix.Length..^Suffix.Length])
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Where(v => v > 0).ToList();
    }

    public string PathOf(int version) => Path.Combine(Directory, $"{Prefix}{version:D6}{Suffix}");

    private void Prune(int serving)
    {
        foreach (var old in Versions().Where(v => v < serving).OrderDescending().Skip(options.ModelsToKeep))
            File.Delete(PathOf(old));
    }
}
