using Recommender.Engine.Data;
using Recommender.Engine.Training;

namespace Recommender.Engine.Model;

/// <summary>A trained model: an item-to-item graph (top neighbours per item), item popularity and metadata,
/// and the training users' histories (for exclude-played and fold-in of known users). Immutable once built.</summary>
public sealed class RecommenderModel
{
    public required string Algorithm { get; init; }
    public required DateTimeOffset TrainedAt { get; init; }
    public required string[] ItemIds { get; init; }
    /// <summary>Artists and genres per item (same order as <see cref="ItemIds"/>).</summary>
    public required string[][] ItemArtists { get; init; }
    public required string[][] ItemGenres { get; init; }
    /// <summary>Summed training confidence per item; 0 marks a cold item.</summary>
    public required float[] ItemPopularity { get; init; }
    /// <summary>Items × items similarity, top neighbours only.</summary>
    public required SparseRows Neighbors { get; init; }
    public required string[] UserIds { get; init; }
    /// <summary>Users × items training confidence.</summary>
    public required SparseRows UserItems { get; init; }

    /// <summary>Implicit-ALS item factors blended with the graph, or null for a graph-only model.</summary>
    public FactorModel? Factors { get; init; }

    /// <summary>The settings that made this model (null in files written before format 3): what the model gate retrains to
    /// compare a candidate with the serving model on the same data.</summary>
    public TrainingOptions? Settings { get; init; }

    /// <summary>What the self-tuning search tried and chose, or null when the settings were fixed.</summary>
    public TrainingRecord? Training { get; init; }

    public int ItemCount => ItemIds.Length;

    public Dictionary<string, int> ItemIndex() =>
        ItemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

    public Dictionary<string, int> UserIndex() =>
        UserIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

    public ItemMetadata Metadata(int item) => new(ItemIds[item], ItemArtists[item], ItemGenres[item]);

    public void Save(string path) => ModelFile.Write(this, path);

    public static RecommenderModel Load(string path) => ModelFile.Read(path);
}
