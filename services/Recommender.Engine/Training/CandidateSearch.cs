using Recommender.Engine.Data;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>
/// The candidates of one search: trained parts are cached by their settings (a blend reuses the graph and the factors its single
/// families trained), and each model is scored on the validation part by the serving code (<see cref="ServedRanking"/>), with
/// exploration off: the search compares models, exploration is the operator's trade-off on top of whichever serves.
/// </summary>
internal sealed class CandidateSearch
{
    private const int Cutoff = 10;
    private readonly ValidationSplit _split;
    private readonly IReadOnlyList<ItemMetadata> _items;
    private readonly EngineOptions _ranking;
    private readonly TuningBudget _budget;
    private readonly Action<CandidateRecord>? _progress;
    private readonly Dictionary<string, int> _itemIndex;
    private readonly List<string> _users;
    private readonly Dictionary<string, (SparseRows Graph, double Seconds)> _graphs = [];
    private readonly Dictionary<string, (FactorModel Factors, double Seconds, TrainingOptions Options)> _factors = [];
    private readonly Dictionary<string, CandidateRecord> _scored = [];
    private readonly List<CandidateRecord> _order = [];
    private double _lastScoreSeconds;

    public CandidateSearch(ValidationSplit split, IReadOnlyList<ItemMetadata> items, EngineOptions options, TuningBudget budget, Action<CandidateRecord>? progress)
    {
        _split = split;
        _items = items;
        _ranking = options.WithoutExploration();
        _budget = budget;
        _progress = progress;
        _itemIndex = split.Fit.ItemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        _users = split.Truth.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<CandidateRecord> Candidates => _order;

    /// <summary>Candidates the budget did not leave room for.</summary>
    public int Skipped { get; private set; }

    /// <summary>The best candidate so far by validation NDCG@10 (the earlier one on a tie).</summary>
    public CandidateRecord? Best { get; private set; }

    /// <summary>Scores the settings (once; a repeat answers from memory) when the budget leaves room for them and for refitting the
    /// best, or always when <paramref name="force"/>; returns the validation NDCG@10, or null when skipped.</summary>
    public double? Try(TrainingOptions options, bool force = false)
    {
        var key = options.Describe();
        if (_scored.TryGetValue(key, out var done)) return done.Ndcg10;
        if (!force && !_budget.Allows(Estimate(options), RefitReserve()))
        {
            Skipped++;
            return null;
        }
        double trainSeconds = 0;
        var graph = Graph(options, ref trainSeconds);
        var factors = options.HasFactors ? Factors(options, ref trainSeconds).WithWeight((float)options.FactorWeight) : null;
        var model = ModelTrainer.Assemble(_split.Fit, _items, options, graph, factors);
        (double Ndcg, double Recall) score = default;
        _lastScoreSeconds = _budget.Measure(() => score = Score(model));
        var record = new CandidateRecord(options.Family, key, score.Ndcg, score.Recall, trainSeconds, _lastScoreSeconds, options.Clone());
        _scored[key] = record;
        _order.Add(record);
        if (Best is null || record.Ndcg10 > Best.Ndcg10) Best = record;
        _progress?.Invoke(record);
        return record.Ndcg10;
    }

    /// <summary>Seconds the best candidate's parts took to train, scaled to all the training data: kept free for the refit.</summary>
    public double RefitReserve()
    {
        if (Best is null) return 0;
        var graph = _graphs.GetValueOrDefault(GraphKey(Best.Options)).Seconds;
        var factors = Best.Options.HasFactors ? _factors.GetValueOrDefault(Best.Options.FactorSettings()).Seconds : 0;
        return (graph + factors) / (1 - ValidationSplit.Share);
    }

    private double Estimate(TrainingOptions o)
    {
        double seconds = _lastScoreSeconds;
        if (!_graphs.ContainsKey(GraphKey(o)))
            seconds += _graphs.Where(g => g.Key.StartsWith(o.Algorithm.ToString(), StringComparison.Ordinal)).Select(g => g.Value.Seconds)
                .DefaultIfEmpty(_graphs.Values.Select(g => g.Seconds).DefaultIfEmpty(0).Max() * 2).Max();
        if (o.HasFactors && !_factors.ContainsKey(o.FactorSettings()) && _factors.Count > 0)
        {
            // a sweep costs about k² per row and per item (the CG solves), so scale the last one by the square of the dimensions
            var last = _factors.Values.Last();
            var k = (double)o.Factors / last.Options.Factors;
            seconds += last.Seconds * k * k * o.FactorIterations / last.Options.FactorIterations;
        }
        return seconds;
    }

    // the iALS family keeps the graph only to propose candidates and related tracks, so its graph is part of its identity too
    private static string GraphKey(TrainingOptions o) => o.Algorithm + ": " + o.GraphSettings();

    private SparseRows Graph(TrainingOptions o, ref double seconds)
    {
        var key = GraphKey(o);
        if (!_graphs.TryGetValue(key, out var cached))
        {
            SparseRows graph = null!;
            var took = _budget.Measure(() => graph = ModelTrainer.Graph(_split.Fit, o));
            _graphs[key] = cached = (graph, took);
            seconds += took;
        }
        return cached.Graph;
    }

    private FactorModel Factors(TrainingOptions o, ref double seconds)
    {
        var key = o.FactorSettings();
        if (!_factors.TryGetValue(key, out var cached))
        {
            FactorModel factors = null!;
            var took = _budget.Measure(() => factors = ModelTrainer.Factors(_split.Fit, o));
            _factors[key] = cached = (factors, took, o.Clone());
            seconds += took;
        }
        return cached.Factors;
    }

    private (double Ndcg, double Recall) Score(RecommenderModel model)
    {
        using var ranking = new ServedRanking(model, _ranking);
        var ranked = ranking.Top(_users, Cutoff);
        double ndcg = 0, recall = 0;
        for (var u = 0; u < _users.Count; u++)
        {
            var list = ranked[u].Select(id => _itemIndex[id]).ToList();
            var truth = _split.Truth[_users[u]].ToHashSet();
            ndcg += RankingMetrics.Ndcg(list, truth, Cutoff);
            recall += RankingMetrics.Recall(list, truth, Cutoff);
        }
        return _users.Count == 0 ? (0, 0) : (ndcg / _users.Count, recall / _users.Count);
    }
}
