using Recommender.Engine.Data;
using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>Trains a <see cref="RecommenderModel"/> from interactions and item metadata with fixed settings; <see cref="ModelTuner"/> chooses them.</summary>
public static class ModelTrainer
{
    public static RecommenderModel Train(IEnumerable<Interaction> interactions, IEnumerable<ItemMetadata>? items = null, EngineOptions? options = null, TimeProvider? clock = null)
    {
        options ??= new EngineOptions();
        var metadata = items?.ToList() ?? [];
        var matrix = InteractionMatrix.Build(interactions, options.Weighting, metadata.Select(m => m.ItemId));
        return Train(matrix, metadata, options.Training, clock: clock);
    }

    /// <param name="record">What the search that chose <paramref name="options"/> tried, kept in the model.</param>
    public static RecommenderModel Train(InteractionMatrix matrix, IEnumerable<ItemMetadata>? items, TrainingOptions options, TrainingRecord? record = null,
        TimeProvider? clock = null) =>
        Assemble(matrix, items, options, Graph(matrix, options), options.HasFactors ? Factors(matrix, options) : null, record, clock);

    /// <summary>The item-to-item graph of the settings (empty for the popularity baseline).</summary>
    internal static SparseRows Graph(InteractionMatrix matrix, TrainingOptions options) => options.Algorithm switch
    {
        Algorithm.Popularity => SparseRows.Empty(matrix.ItemCount),
        Algorithm.Ease => EaseTrainer.Build(matrix.Rows, matrix.ItemCount, options),
        _ => ItemGraphTrainer.Build(matrix.Rows, matrix.ItemCount, options, options.Algorithm),
    };

    /// <summary>The implicit-ALS item factors of the settings, blended with the weight <see cref="TrainingOptions.FactorWeight"/>.</summary>
    internal static FactorModel Factors(InteractionMatrix matrix, TrainingOptions options) => IalsTrainer.Build(matrix.Rows, matrix.ItemCount, options);

    /// <summary>A model from trained parts; <paramref name="options"/> are recorded in it as the settings that made it.</summary>
    internal static RecommenderModel Assemble(InteractionMatrix matrix, IEnumerable<ItemMetadata>? items, TrainingOptions options,
        SparseRows graph, FactorModel? factors, TrainingRecord? record = null, TimeProvider? clock = null)
    {
        var byId = new Dictionary<string, ItemMetadata>(StringComparer.Ordinal);
        foreach (var m in items ?? []) byId[m.ItemId] = m;
        var popularity = new float[matrix.ItemCount];
        foreach (var i in matrix.Rows.Indices) popularity[i]++;
        return new RecommenderModel
        {
            Algorithm = options.Family,
            TrainedAt = (clock ?? TimeProvider.System).GetUtcNow(),
            ItemIds = matrix.ItemIds,
            ItemArtists = matrix.ItemIds.Select(id => byId.TryGetValue(id, out var m) ? m.Artists.ToArray() : []).ToArray(),
            ItemGenres = matrix.ItemIds.Select(id => byId.TryGetValue(id, out var m) ? m.Genres.ToArray() : []).ToArray(),
            ItemPopularity = popularity,
            Neighbors = graph,
            UserIds = matrix.UserIds,
            UserItems = matrix.Rows,
            Factors = factors,
            Settings = options.Clone(),
            Training = record,
        };
    }
}
