using System.Diagnostics;
using Recommender.Engine.Data;
using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>Trains a <see cref="RecommenderModel"/> from interactions and item metadata.</summary>
public static class ModelTrainer
{
    public static RecommenderModel Train(IEnumerable<Interaction> interactions, IEnumerable<ItemMetadata>? items = null, EngineOptions? options = null, TimeProvider? clock = null)
    {
        options ??= new EngineOptions();
        var metadata = items?.ToList() ?? [];
        var matrix = InteractionMatrix.Build(interactions, options.Weighting, metadata.Select(m => m.ItemId));
        return Train(matrix, metadata, options.Training, clock);
    }

    public static RecommenderModel Train(InteractionMatrix matrix, IEnumerable<ItemMetadata>? items, TrainingOptions options, TimeProvider? clock = null)
    {
        var byId = new Dictionary<string, ItemMetadata>(StringComparer.Ordinal);
        foreach (var m in items ?? []) byId[m.ItemId] = m;
        var popularity = new float[matrix.ItemCount];
        foreach (var i in matrix.Rows.Indices) popularity[i]++;
        var algorithm = options.Algorithm;
        var neighbors = algorithm switch
        {
            Algorithm.Popularity => SparseRows.Empty(matrix.ItemCount),
            Algorithm.Ease => EaseTrainer.Build(matrix.Rows, matrix.ItemCount, options),
            _ => ItemGraphTrainer.Build(matrix.Rows, matrix.ItemCount, options, algorithm),
        };
        // popularity is the bare baseline: no factors on top
        var factors = options.FactorWeight > 0 && options.Factors > 0 && algorithm != Algorithm.Popularity
            ? IalsTrainer.Build(matrix.Rows, matrix.ItemCount, options) : null;
        return new RecommenderModel
        {
            Algorithm = factors is null ? algorithm.ToString() : $"{algorithm}+iALS",
            TrainedAt = (clock ?? TimeProvider.System).GetUtcNow(),
            ItemIds = matrix.ItemIds,
            ItemArtists = matrix.ItemIds.Select(id => byId.TryGetValue(id, out var m) ? m.Artists.ToArray() : []).ToArray(),
            ItemGenres = matrix.ItemIds.Select(id => byId.TryGetValue(id, out var m) ? m.Genres.ToArray() : []).ToArray(),
            ItemPopularity = popularity,
            Neighbors = neighbors,
            UserIds = matrix.UserIds,
            UserItems = matrix.Rows,
            Factors = factors,
        };
    }
}
