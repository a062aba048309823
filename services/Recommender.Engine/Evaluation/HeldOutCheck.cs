using Recommender.Engine.Model;

namespace Recommender.Engine.Evaluation;

/// <summary>
/// Personalize's protocol on a users × tracks matrix: a seeded tenth of the users is held out; each of them has their older 90% of
/// tracks (by time when the data has real times, in a seeded random order otherwise) folded in at request time, no retrain, and
/// their newest 10% is the truth. Models train on the other users only (<see cref="Train"/>). The evaluate verb's personalize
/// protocol and the model gate both score with this, through the serving code.
/// </summary>
public sealed class HeldOutCheck
{
    public const int Cutoff = 25;

    public required InteractionMatrix Train { get; init; }
    public required IReadOnlyList<CheckUser> Users { get; init; }

    public sealed record CheckUser(string UserId, IReadOnlyList<(string TrackId, float Confidence)> Input, HashSet<string> Truth, DateTimeOffset At);

    public static HeldOutCheck Carve(InteractionMatrix data, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, data.UserCount).ToArray();
        random.Shuffle(rows);
        var held = rows.Take(Math.Max(1, rows.Length / 10)).Order().ToArray();
        var users = new List<CheckUser>();
        foreach (var u in held)
        {
            var positions = Enumerable.Range(data.Rows.Offsets[u], data.Rows.RowLength(u)).ToArray();
            if (positions.Length < 2) continue;
            random.Shuffle(positions);
            // oldest first; without real times the seeded shuffle is the order, so "newest" is a random tenth
            var ordered = data.LastSeen is { } times
                ? positions.Select((p, order) => (p, order)).OrderBy(x => times[x.p]).ThenBy(x => x.order).Select(x => x.p).ToArray()
                : positions;
            var inputCount = Math.Clamp((int)Math.Floor(0.9 * ordered.Length), 1, ordered.Length - 1);
            var input = ordered[..inputCount].Select(p => (data.ItemIds[data.Rows.Indices[p]], data.Rows.Values[p])).ToList();
            var truth = ordered[inputCount..].Select(p => data.ItemIds[data.Rows.Indices[p]]).ToHashSet(StringComparer.Ordinal);
            var at = data.LastSeen is { } t ? DateTimeOffset.FromUnixTimeSeconds(ordered[..inputCount].Max(p => t[p])) : DateTimeOffset.UnixEpoch;
            users.Add(new CheckUser(data.UserIds[u], input, truth, at));
        }
        var heldRows = held.ToHashSet();
        return new HeldOutCheck { Train = data.Where((u, _) => !heldRows.Contains(u)), Users = users };
    }

    /// <summary>Personalize's metrics (coverage, MRR@25, NDCG and precision at 5, 10, 25) of <paramref name="model"/> served with <paramref name="options"/>.</summary>
    public SortedDictionary<string, double> Score(RecommenderModel model, EngineOptions options)
    {
        using var ranking = new ServedRanking(model, options);
        // a held-out user's input is folded in at request time, as a user seeded from their history is served
        foreach (var user in Users) ranking.Seed(user.UserId, user.Input, user.At);
        var itemIndex = model.ItemIndex();
        var ranked = ranking.Top(Users.Select(u => u.UserId).ToList(), Cutoff).Select(list => list.Select(id => itemIndex[id]).ToList()).ToArray();
        var truth = Users.Select(u => u.Truth.Select(id => itemIndex[id]).ToHashSet()).ToList();
        double Average(Func<List<int>, HashSet<int>, double> metric) => truth.Count == 0 ? 0 : truth.Select((t, i) => metric(ranked[i], t)).Average();
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["coverage"] = (double)ranked.SelectMany(r => r).Distinct().Count() / Math.Max(1, model.ItemCount),
            ["mrr@25"] = Average((r, t) => RankingMetrics.ReciprocalRank(r, t, Cutoff)),
        };
        foreach (var k in new[] { 5, 10, 25 })
        {
            metrics[$"ndcg@{k}"] = Average((r, t) => RankingMetrics.Ndcg(r, t, k));
            metrics[$"precision@{k}"] = Average((r, t) => RankingMetrics.Precision(r, t, k));
        }
        return metrics;
    }
}
