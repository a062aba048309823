using Recommender.Engine.Catalog;
using Recommender.Engine.Model;

namespace Recommender.Engine.Serving;

/// <summary>A trained model re-indexed onto the live catalog, so a request reads neighbours by live track index. Immutable; swapped as a whole.</summary>
internal sealed class ServingModel
{
    public required RecommenderModel Model { get; init; }
    public required int Version { get; init; }
    /// <summary>Neighbours in live indices (rows beyond the catalog size at swap time are empty).</summary>
    public required SparseRows Neighbors { get; init; }
    /// <summary>Training popularity in live indices, 0..1.</summary>
    public required float[] Popularity { get; init; }
    /// <summary>Live index of each model item (for the factor scores, which are in model order).</summary>
    public required int[] LiveIndex { get; init; }
    /// <summary>Model index of each live track known at swap time, −1 for tracks the model does not have.</summary>
    public required int[] ModelIndex { get; init; }
    /// <summary>The tracks a request scores with the model's factors; null for a model without factors.</summary>
    public FactorPool? FactorPool { get; init; }

    public static readonly ServingModel None = new()
    {
        Model = new RecommenderModel
        {
            Algorithm = "none", TrainedAt = DateTimeOffset.MinValue, ItemIds = [], ItemArtists = [], ItemGenres = [],
            ItemPopularity = [], Neighbors = SparseRows.Empty(0), UserIds = [], UserItems = SparseRows.Empty(0),
        },
        Version = 0, Neighbors = SparseRows.Empty(0), Popularity = [], LiveIndex = [], ModelIndex = [],
    };

    public int RowCount => Neighbors.RowCount;
    public float PopularityOf(int item) => item < Popularity.Length ? Popularity[item] : 0f;
    public bool IsWarm(int item) => PopularityOf(item) > 0;

    /// <summary>Registers the model's items in the catalog (with their metadata) and maps its graph onto live indices. Caller holds the write lock.</summary>
    public static ServingModel Build(RecommenderModel model, int version, TrackCatalog catalog, int factorPoolSize = FactorPool.Size)
    {
        var live = new int[model.ItemCount];
        for (var i = 0; i < model.ItemCount; i++) live[i] = catalog.Learn(model.ItemIds[i], model.ItemArtists[i], model.ItemGenres[i]);
        var size = catalog.Count;
        var rows = new (int[], float[])[size];
        for (var r = 0; r < size; r++) rows[r] = ([], []);
        for (var i = 0; i < model.ItemCount; i++)
        {
            var idx = model.Neighbors.RowIndices(i);
            var mapped = new int[idx.Length];
            for (var n = 0; n < idx.Length; n++) mapped[n] = live[idx[n]];
            rows[live[i]] = (mapped, model.Neighbors.RowValues(i).ToArray());
        }
        var popularity = new float[size];
        var max = model.ItemPopularity.Length == 0 ? 0 : model.ItemPopularity.Max();
        if (max > 0)
            for (var i = 0; i < model.ItemCount; i++) popularity[live[i]] = model.ItemPopularity[i] / max;
        var modelIndex = new int[size];
        Array.Fill(modelIndex, -1);
        for (var i = 0; i < model.ItemCount; i++) modelIndex[live[i]] = i;
        return new ServingModel
        {
            Model = model, Version = version, Neighbors = SparseRows.FromRows(rows), Popularity = popularity, LiveIndex = live, ModelIndex = modelIndex,
            FactorPool = model.Factors is { } factors ? FactorPool.Build(factors, model.ItemPopularity, factorPoolSize) : null,
        };
    }
}
