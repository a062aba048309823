using System.Collections.Concurrent;

namespace Recommender.Engine.Serving;

/// <summary>
/// Per-listener candidate lists, so a listener's repeated requests skip the model work (graph fold-in, factor scan, taste): a
/// request scores the listener once, keeps the best candidates by their model-and-taste score, and later requests add the live
/// popularity term, filter and cut. A list is used only while the listener, the serving model and the catalog's size are what
/// they were when it was made: the listener's next event, a model swap or a new track makes the next request score afresh.
/// A cached answer is the one a fresh scoring gives: it is used only when no track outside the list could have entered it
/// (the popularity term is bounded), otherwise the request scores afresh. Bounded: past <see cref="Capacity"/> listeners it
/// starts over.
/// </summary>
internal sealed class CandidateCache
{
    public const int Size = 300;
    public const int ColdSize = 64;
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, CandidateList> _lists = new(StringComparer.Ordinal);
    private long _hits, _misses;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    public CandidateList? Find(string userId, UserState user, int modelVersion, int catalogCount)
    {
        if (_lists.TryGetValue(userId, out var list) && ReferenceEquals(list.User, user) && list.UserVersion == user.Version
            && list.ModelVersion == modelVersion && list.CatalogCount == catalogCount)
            return list;
        return null;
    }

    public void Keep(string userId, CandidateList list)
    {
        if (_lists.Count >= Capacity) _lists.Clear();
        _lists[userId] = list;
    }

    public void Count(bool hit) => Interlocked.Increment(ref hit ? ref _hits : ref _misses);

    public void Clear() => _lists.Clear();
}

/// <summary>A listener's best candidates by base score (model + taste, no popularity), best first, and their best cold tracks for
/// the exploration slots. A floor is the lowest base score kept when tracks were left out (null when none were).</summary>
internal sealed record CandidateList(UserState User, long UserVersion, int ModelVersion, int CatalogCount,
    (int Item, float Base)[] Ranked, float? RankedFloor, (int Item, float Base)[] Cold, float? ColdFloor)
{
    public static CandidateList From(UserState user, int modelVersion, int catalogCount, ScoreBoard board, UserScorer scorer, ServingModel serving)
    {
        var ranked = new TopN(CandidateCache.Size);
        var cold = new TopN(CandidateCache.ColdSize);
        int touched = 0, coldTouched = 0;
        foreach (var item in board.Touched)
        {
            var score = scorer.Base(board, item);
            touched++;
            if (ranked.WouldAccept(score)) ranked.Offer(item, score);
            if (!serving.IsWarm(item) && board.Content[item] >= EmbeddedRecommender.MinExplorationMatch)
            {
                coldTouched++;
                if (cold.WouldAccept(score)) cold.Offer(item, score);
            }
        }
        var best = ranked.Drain().ToArray();
        var bestCold = cold.Drain().ToArray();
        return new CandidateList(user, user.Version, modelVersion, catalogCount,
            best, touched > best.Length ? best[^1].Score : null, bestCold, coldTouched > bestCold.Length ? bestCold[^1].Score : null);
    }
}
