using Recommender.Core.Recommendations;

namespace Recommender.Engine.Serving;

public sealed partial class EmbeddedRecommender
{
    public Task<RecommendationList> RecommendAsync(RecommendationQuery query, CancellationToken cancellationToken)
    {
        var n = Math.Clamp(query.NumResults, 1, RecommendationQuery.MaxNumResults);
        _lock.EnterReadLock();
        try
        {
            var serving = _serving;
            var scorer = new UserScorer(_catalog, serving, _trending, _options);
            var user = query.UserId is { } id ? _users.GetValueOrDefault(id) : null;
            var filter = new RecommendationFilter(_catalog, user, query.Filters);
            // explanations need the whole score board, so they always score afresh
            var cacheable = user is not null && !query.Explain;
            var picked = cacheable ? FromCandidates(query.UserId!, user!, serving, scorer, filter, n) : null;
            ScoreBoard? board = null;
            if (picked is null)
            {
                board = ScoreBoard.Rent(_catalog.Count);
                picked = Scored(user, board, serving, scorer, filter, n);
                if (cacheable) _candidates.Keep(query.UserId!, CandidateList.From(user!, serving.Version, _catalog.Count, board, scorer, serving));
            }
            if (picked.Count < n) picked.AddRange(Popular(scorer, filter, n - picked.Count, picked.Select(p => p.Item).ToHashSet()));
            var items = picked.Select(p => new RecommendedItem(_catalog.Id(p.Item), Math.Round(p.Score, 6),
                query.Explain ? Explain(user, board!, scorer, serving, p.Item) : null)).ToList();
            return Task.FromResult(new RecommendationList(RecommendationList.NewId(), items));
        }
        finally { _lock.ExitReadLock(); }
    }

    // the model work: fold the user's tracks into the graph and factors, add taste, rank every track reached
    private List<(int Item, float Score)> Scored(UserState? user, ScoreBoard board, ServingModel serving, UserScorer scorer, RecommendationFilter filter, int n)
    {
        var top = new TopN(n);
        if (user is null) return top.Drain();
        scorer.Score(user, board);
        foreach (var item in board.Touched)
        {
            var score = scorer.Final(board, item);
            // most candidates cannot beat the current top N: skip their filter checks
            if (top.WouldAccept(score) && filter.Allows(item)) top.Offer(item, score);
        }
        var picked = top.Drain();
        var cold = board.Touched.Where(item => !serving.IsWarm(item) && board.Content[item] >= MinExplorationMatch)
            .Select(item => (item, scorer.Final(board, item)));
        Explore(picked, cold, coldFloor: null, serving, filter, n);
        return picked;
    }

    // the listener's cached candidates with today's popularity, filtered and cut; null when they cannot give what a fresh scoring would
    private List<(int Item, float Score)>? FromCandidates(string userId, UserState user, ServingModel serving, UserScorer scorer, RecommendationFilter filter, int n)
    {
        var list = _candidates.Find(userId, user, serving.Version, _catalog.Count);
        if (list is null)
        {
            _candidates.Count(hit: false);
            return null;
        }
        var top = new TopN(n);
        foreach (var (item, score) in list.Ranked)
        {
            var final = score + scorer.PopularityTerm(item);
            if (top.WouldAccept(final) && filter.Allows(item)) top.Offer(item, final);
        }
        var picked = top.Drain();
        // a track left out of the list scores at most its floor plus the largest popularity term: the list answers only if its picks beat that
        var complete = list.RankedFloor is not { } floor || (picked.Count == n && picked[^1].Score > floor + UserScorer.MaxPopularityTerm);
        if (!complete || !Explore(picked, list.Cold.Select(c => (c.Item, c.Base + scorer.PopularityTerm(c.Item))), list.ColdFloor, serving, filter, n))
        {
            _candidates.Count(hit: false);
            return null;
        }
        _candidates.Count(hit: true);
        return picked;
    }

    public Task<RecommendationList?> RelatedAsync(string trackId, int numResults, bool explain, CancellationToken cancellationToken)
    {
        var n = Math.Clamp(numResults, 1, RecommendationQuery.MaxNumResults);
        _lock.EnterReadLock();
        try
        {
            if (_catalog.Find(trackId) is not { } item) return Task.FromResult<RecommendationList?>(null);
            var serving = _serving;
            var scorer = new UserScorer(_catalog, serving, _trending, _options);
            var top = new TopN(n);
            if (item < serving.RowCount)
            {
                var idx = serving.Neighbors.RowIndices(item);
                var val = serving.Neighbors.RowValues(item);
                for (var k = 0; k < idx.Length; k++) top.Offer(idx[k], val[k]);
            }
            var picked = top.Drain();
            if (picked.Count < n) picked.AddRange(SameMetadata(item, scorer, n - picked.Count, picked.Select(p => p.Item).ToHashSet()));
            var items = picked.Select(p => new RecommendedItem(_catalog.Id(p.Item), Math.Round(p.Score, 6),
                explain ? ExplainRelated(item, p.Item, item < serving.RowCount && serving.Neighbors.At(item, p.Item) > 0) : null)).ToList();
            return Task.FromResult<RecommendationList?>(new RecommendationList(RecommendationList.NewId(), items));
        }
        finally { _lock.ExitReadLock(); }
    }

    public Task<RecommendationList> RankAsync(string userId, IReadOnlyList<string> trackIds, CancellationToken cancellationToken)
    {
        _lock.EnterReadLock();
        try
        {
            var scorer = new UserScorer(_catalog, _serving, _trending, _options);
            var board = ScoreBoard.Rent(_catalog.Count);
            if (_users.GetValueOrDefault(userId) is { } user) scorer.Score(user, board);
            var ranked = trackIds
                .Select((id, position) => (id, position, score: _catalog.Find(id) is { } item ? scorer.Final(board, item) : float.NegativeInfinity))
                .OrderByDescending(x => x.score).ThenBy(x => x.position)
                .Select(x => new RecommendedItem(x.id, float.IsNegativeInfinity(x.score) ? 0 : Math.Round(x.score, 6)))
                .ToList();
            return Task.FromResult(new RecommendationList(RecommendationList.NewId(), ranked));
        }
        finally { _lock.ExitReadLock(); }
    }

    // explorationWeight reserves a share of the list for cold tracks that match the user's taste (Personalize's explorationWeight, 0 = none);
    // false when the cold candidates were cut at a floor that the picks do not clear (then only a fresh scoring knows)
    private bool Explore(List<(int Item, float Score)> picked, IEnumerable<(int Item, float Score)> coldCandidates, float? coldFloor,
        ServingModel serving, RecommendationFilter filter, int n)
    {
        var quota = (int)Math.Floor(n * _options.ExplorationWeight / 2);
        var need = quota - picked.Count(p => !serving.IsWarm(p.Item));
        if (need <= 0) return true;
        var inList = picked.Select(p => p.Item).ToHashSet();
        var cold = new TopN(need);
        foreach (var (item, score) in coldCandidates)
            if (!inList.Contains(item) && filter.Allows(item))
                cold.Offer(item, score);
        var chosen = cold.Drain();
        if (coldFloor is { } floor && (chosen.Count < need || chosen[^1].Score <= floor + UserScorer.MaxPopularityTerm)) return false;
        if (chosen.Count == 0) return true;
        var room = n - chosen.Count;
        for (var k = picked.Count - 1; k >= 0 && picked.Count > room; k--)
            if (serving.IsWarm(picked[k].Item)) picked.RemoveAt(k);
        picked.AddRange(chosen);
        return true;
    }

    internal const float MinExplorationMatch = 0.5f;

    private IEnumerable<(int Item, float Score)> Popular(UserScorer scorer, RecommendationFilter filter, int n, HashSet<int> taken)
    {
        var picked = new List<(int, float)>(n);
        foreach (var item in PopularOrder(scorer))
        {
            if (taken.Contains(item) || !filter.Allows(item)) continue;
            picked.Add((item, 0.05f * scorer.Popularity(item)));
            if (picked.Count == n) return picked;
        }
        // filters removed most of the popular head: rank the whole catalog
        var top = new TopN(n);
        for (var item = 0; item < _catalog.Count; item++)
            if (!taken.Contains(item) && filter.Allows(item)) top.Offer(item, 0.05f * scorer.Popularity(item));
        return top.Drain();
    }

    private const int PopularHead = 1_000;
    private static readonly TimeSpan PopularRefresh = TimeSpan.FromMilliseconds(500);
    private volatile PopularSnapshot? _popular;

    private sealed record PopularSnapshot(int[] Order, int ModelVersion, long Events, DateTimeOffset At);

    // the popular head changes slowly; recomputing it per request would cost a catalog scan, so it is cached briefly
    private int[] PopularOrder(UserScorer scorer)
    {
        var current = _popular;
        var events = EventsTracked;
        if (current is not null && current.ModelVersion == _serving.Version
            && (current.Events == events || _clock.GetUtcNow() - current.At < PopularRefresh))
            return current.Order;
        var top = new TopN(PopularHead);
        for (var item = 0; item < _catalog.Count; item++) top.Offer(item, scorer.Popularity(item));
        var order = top.Drain().Select(p => p.Item).ToArray();
        _popular = new PopularSnapshot(order, _serving.Version, events, _clock.GetUtcNow());
        return order;
    }

    // a track with no learned neighbours is related to tracks of the same artists and genres, the popular ones first
    private IEnumerable<(int Item, float Score)> SameMetadata(int item, UserScorer scorer, int n, HashSet<int> taken)
    {
        taken.Add(item);
        var top = new TopN(n);
        foreach (var artist in _catalog.ArtistsOf(item))
            foreach (var other in _catalog.Artists.Items(artist))
                if (!taken.Contains(other)) top.Offer(other, 0.02f + 0.01f * scorer.Popularity(other));
        foreach (var genre in _catalog.GenresOf(item))
            foreach (var other in _catalog.Genres.Items(genre))
                if (!taken.Contains(other)) top.Offer(other, 0.01f * scorer.Popularity(other));
        return top.Drain();
    }

    private string Explain(UserState? user, ScoreBoard board, UserScorer scorer, ServingModel serving, int item)
    {
        if (user is null || !board.Touched.Contains(item)) return "popular right now";
        var cf = board.Collaborative[item];
        var content = scorer.ContentWeight(item) * board.Content[item];
        if (cf > 0 && cf >= content)
        {
            var because = scorer.FoldInWeights(user)
                .Where(x => x.Item < serving.RowCount && x.Weight > 0)
                .MaxBy(x => x.Weight * serving.Neighbors.At(x.Item, item));
            return $"because you listened to {_catalog.Describe(because.Item)}";
        }
        if (content > 0)
        {
            var genre = _catalog.GenresOf(item).Where(g => user.GenreTaste.GetValueOrDefault(g) > 0)
                .OrderByDescending(g => user.GenreTaste[g]).Select(_catalog.Genres.Name).FirstOrDefault();
            var artist = _catalog.ArtistsOf(item).Where(a => user.ArtistTaste.GetValueOrDefault(a) > 0)
                .Select(_catalog.Artists.Name).FirstOrDefault();
            var fresh = serving.IsWarm(item) ? "" : "new to you and the charts: ";
            return artist is not null ? $"{fresh}by {artist}, an artist you play" : $"{fresh}matches your taste for {genre}";
        }
        return "popular right now";
    }

    // why a track is related to the one asked about: listeners play both, or it shares an artist or a genre
    private string ExplainRelated(int seed, int item, bool playedTogether)
    {
        var like = _catalog.Describe(seed);
        if (playedTogether) return $"listeners of {like} play it too";
        var artist = _catalog.ArtistsOf(item).Intersect(_catalog.ArtistsOf(seed)).Select(_catalog.Artists.Name).FirstOrDefault();
        if (artist is not null) return $"also by {artist}, like {like}";
        var genre = _catalog.GenresOf(item).Intersect(_catalog.GenresOf(seed)).Select(_catalog.Genres.Name).FirstOrDefault();
        return genre is not null ? $"also {genre}, like {like}" : $"related to {like}";
    }
}
