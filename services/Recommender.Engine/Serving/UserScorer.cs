using System.Numerics.Tensors;
using Recommender.Engine.Catalog;
using Recommender.Engine.Model;

namespace Recommender.Engine.Serving;

/// <summary>Scores tracks for one user at request time: the model's neighbours of the user's latest tracks (fold-in, no retrain),
/// the user's genre/artist taste over item metadata (cold start, weighted by explorationWeight for cold items), and trending.</summary>
internal sealed class UserScorer(TrackCatalog catalog, ServingModel serving, Trending trending, EngineOptions options)
{
    // a recent track counts half after this many newer tracks
    private const double RecencyHalfCount = 25;
    private const float PopularityWeight = 0.05f;
    // tracks the factors add beyond those the graph and taste reached; the list needs top-N after filters
    private const int FactorCandidates = 500;
    public const int TasteTerms = 5;

    /// <summary>Graph fold-in weight of a track with confidence c: log(1 + c), so heavy repeats do not drown everything else.</summary>
    private static double GraphWeight(double confidence) => Math.Log(1 + confidence);

    public (int Item, float Weight)[] FoldInWeights(UserState user)
    {
        var n = user.Recent.Count;
        var result = new (int, float)[n];
        for (var p = 0; p < n; p++)
        {
            var item = user.Recent[p];
            var c = user.Confidence.TryGetValue(item, out var v) ? v.Value : 0;
            var recency = Math.Pow(0.5, (n - 1 - p) / RecencyHalfCount);
            // skips pull their neighbours down, but less than a listen pulls up
            var w = c >= 0 ? GraphWeight(c) : -0.5 * GraphWeight(-c);
            result[p] = (item, (float)(w * recency));
        }
        return result;
    }

    /// <summary>Fills the board's collaborative and content rows (each scaled to 0..1) and marks every scored track.</summary>
    public void Score(UserState user, ScoreBoard board)
    {
        var cf = board.Collaborative;
        foreach (var (item, w) in FoldInWeights(user))
        {
            if (item >= serving.RowCount || w == 0) continue;
            var idx = serving.Neighbors.RowIndices(item);
            var val = serving.Neighbors.RowValues(item);
            for (var n = 0; n < idx.Length; n++) { board.Mark(idx[n]); cf[idx[n]] += w * val[n]; }
        }
        ScaleToUnit(cf, board.Touched);

        var content = board.Content;
        // with a collaborative signal, taste only refines what the graph reached plus cold tracks; without one, taste reaches every matching track
        var everywhere = board.Touched.Count == 0;
        // with both taste weights at 0 taste is off: it must not pick the candidates either (a bare model, as the baselines are)
        if (options.ContentWeight > 0 || options.ExplorationWeight > 0)
        {
            AddTaste(board, UserState.Top(user.GenreTaste, TasteTerms), catalog.Genres, catalog.GenresOf, everywhere);
            AddTaste(board, UserState.Top(user.ArtistTaste, TasteTerms), catalog.Artists, catalog.ArtistsOf, everywhere);
            MatchSound(board, user);
        }
        if (serving.FactorPool is { } pool) BlendFactors(pool, user, board);
        ScaleToUnit(content, board.Touched);
    }

    /// <summary>Folds the user's recent tracks into the implicit-ALS factors (one k×k solve, no retrain) and blends the factor scores,
    /// min-max scaled over the factor pool (every model track on catalogs up to its size, as offline ranking does), into the tracks
    /// already scored (each by its own factors, in the pool or not) plus the pool's own best tracks (so a request stays sparse on a
    /// large catalog).</summary>
    private void BlendFactors(FactorPool pool, UserState user, ScoreBoard board)
    {
        var n = user.Recent.Count;
        var items = new List<int>(n);
        var weights = new List<float>(n);
        for (var p = 0; p < n; p++)
        {
            var live = user.Recent[p];
            var c = user.Confidence.TryGetValue(live, out var v) ? v.Value : 0;
            var m = live < serving.ModelIndex.Length ? serving.ModelIndex[live] : -1;
            if (c <= 0 || m < 0) continue;
            items.Add(m);
            weights.Add((float)(c * Math.Pow(0.5, (n - 1 - p) / RecencyHalfCount)));
        }
        if (items.Count == 0) return;
        var factors = pool.Factors;
        var taste = factors.FoldIn(items.ToArray(), weights.ToArray());
        var raw = FactorRow(pool.Items.Length);
        pool.Score(taste, raw);
        var min = TensorPrimitives.Min(raw);
        var range = TensorPrimitives.Max(raw) - min;
        if (range <= 0) return;
        var w = factors.Weight;
        foreach (var live in board.Touched)
        {
            var m = live < serving.ModelIndex.Length ? serving.ModelIndex[live] : -1;
            if (m < 0) { board.Collaborative[live] *= 1 - w; continue; }
            var p = pool.Position[m];
            // a tail track outside the pool that the graph or taste reached gets its own dot product on the pool's scale (not clamped:
            // a tail track that fits better than any pooled one must rank above them)
            var score = p >= 0 ? raw[p] : TensorPrimitives.Dot(factors.Item(m), taste);
            var scaled = (score - min) / range;
            board.Collaborative[live] = (1 - w) * board.Collaborative[live] + w * scaled;
        }
        var best = new TopN(FactorCandidates);
        for (var p = 0; p < raw.Length; p++)
            if (best.WouldAccept(raw[p]) && !board.IsMarked(serving.LiveIndex[pool.Items[p]])) best.Offer(p, raw[p]);
        foreach (var (p, score) in best.Drain())
        {
            var live = serving.LiveIndex[pool.Items[p]];
            board.Mark(live);
            board.Collaborative[live] = w * (score - min) / range;
        }
    }

    [ThreadStatic] private static float[]? _factorRow;

    private static float[] FactorRow(int size)
    {
        if (_factorRow is null || _factorRow.Length != size) _factorRow = new float[size];
        return _factorRow;
    }

    public float Final(ScoreBoard board, int item) => Base(board, item) + PopularityTerm(item);

    /// <summary>What the model and the listener's taste give a track: everything of <see cref="Final"/> but the live popularity.</summary>
    public float Base(ScoreBoard board, int item) => board.Collaborative[item] + ContentWeight(item) * board.Content[item];

    public float PopularityTerm(int item) => PopularityWeight * Popularity(item);

    /// <summary>The most <see cref="PopularityTerm"/> can add: trending and model popularity are each scaled to at most 1.</summary>
    public const float MaxPopularityTerm = PopularityWeight * 1.5f;

    public float ContentWeight(int item) => (float)(serving.IsWarm(item) ? options.ContentWeight : options.ExplorationWeight);

    public float Popularity(int item) => trending.Normalized(item) + 0.5f * serving.PopularityOf(item);

    private void AddTaste(ScoreBoard board, (int Term, float Share)[] taste, Vocabulary vocabulary, Func<int, int[]> termsOf, bool everywhere)
    {
        foreach (var (term, share) in taste)
            foreach (var item in vocabulary.Items(term))
            {
                if (!everywhere && !board.IsMarked(item) && serving.IsWarm(item)) continue;
                board.Mark(item);
                board.Content[item] += share / MathF.Sqrt(termsOf(item).Length);
            }
    }

    // a cold track that taste reached counts more the closer it sounds to what the user plays (×0.5 to ×1.5); warm tracks are left to the model
    private void MatchSound(ScoreBoard board, UserState user)
    {
        if (user.Audio.Mean() is not { } taste) return;
        foreach (var item in board.Touched)
            if (board.Content[item] > 0 && !serving.IsWarm(item) && catalog.AudioOf(item)?.Similarity(taste) is { } similarity)
                board.Content[item] *= 0.5f + similarity;
    }

    private static void ScaleToUnit(float[] row, List<int> touched)
    {
        var max = 0f;
        foreach (var i in touched) max = Math.Max(max, row[i]);
        if (max <= 0) return;
        foreach (var i in touched) row[i] /= max;
    }
}
