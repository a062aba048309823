using Recommender.Core.Recommendations;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Evaluation;

/// <summary>
/// Offline ranking with the code that serves: the model is swapped into an <see cref="EmbeddedRecommender"/> of its own and each
/// list is what <see cref="EmbeddedRecommender.RecommendAsync"/> answers (played tracks excluded), so evaluation, the model gate and
/// batch recommendations measure exactly what users get. The model's training users start from their training history, as they
/// do in serving after a swap.
/// </summary>
public sealed class ServedRanking : IDisposable
{
    private readonly EmbeddedRecommender _engine;
    private readonly int _threads;

    public ServedRanking(RecommenderModel model, EngineOptions options)
    {
        _engine = new EmbeddedRecommender(options);
        _engine.Swap(model, version: 1);
        _threads = options.Training.Threads > 0 ? options.Training.Threads : Environment.ProcessorCount;
    }

    /// <summary>A user known only by summed confidence per track, started as a model's training user is.</summary>
    public void Seed(string userId, IReadOnlyList<(string TrackId, float Confidence)> history, DateTimeOffset at) => _engine.Seed(userId, history, at);

    /// <summary>Tracks the user has besides their history (a held-out part that is not the truth): excluded like played ones.</summary>
    public void MarkPlayed(string userId, IEnumerable<string> trackIds) => _engine.MarkPlayed(userId, trackIds);

    public IReadOnlyList<string> Top(string userId, int k)
    {
        var list = _engine.RecommendAsync(new RecommendationQuery { UserId = userId, NumResults = k }, CancellationToken.None).GetAwaiter().GetResult();
        return list.Items.Select(i => i.TrackId).ToList();
    }

    /// <summary>The top <paramref name="k"/> of every user, ranked in parallel (requests share the engine's read lock, as in serving).</summary>
    public IReadOnlyList<string>[] Top(IReadOnlyList<string> userIds, int k)
    {
        var result = new IReadOnlyList<string>[userIds.Count];
        Parallel.For(0, userIds.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads }, i => result[i] = Top(userIds[i], k));
        return result;
    }

    public void Dispose() => _engine.Dispose();
}
