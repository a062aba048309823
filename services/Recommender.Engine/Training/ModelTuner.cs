using Recommender.Engine.Data;
using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>
/// Self-tuning training: carves a validation part from the training interactions (<see cref="ValidationSplit"/>), scores the model
/// families and then the best one's settings within a time budget, keeps the best by validation NDCG@10 and refits it on all the
/// training data. The model carries what was tried (<see cref="RecommenderModel.Training"/>). Nothing outside the given data is read,
/// so an evaluation's test part never reaches the search.
/// </summary>
public static class ModelTuner
{
    /// <summary>EASE inverts a dense matrix as wide as the smaller of users and items: tried only up to this width.</summary>
    public const int EaseMaxWidth = 3_000;

    /// <param name="budget">Seconds of the cores the search may take (see <see cref="TuningBudget"/>); zero or less trains
    /// <c>options.Training</c> as it is. The first candidate is always scored, so a tiny budget still compares a model.</param>
    /// <param name="progress">Called with each candidate as it is scored.</param>
    public static RecommenderModel Train(InteractionMatrix data, IReadOnlyList<ItemMetadata> items, EngineOptions options, TimeSpan budget,
        Action<CandidateRecord>? progress = null)
    {
        if (budget <= TimeSpan.Zero) return ModelTrainer.Train(data, items, options.Training);
        var threads = options.Training.Threads > 0 ? options.Training.Threads : Environment.ProcessorCount;
        var clock = new TuningBudget(budget, threads);
        var split = ValidationSplit.Carve(data, options.Training.Seed);
        var search = new CandidateSearch(split, items, options, clock, progress);
        Families(search, options.Training, data);
        Refine(search);
        var searchSeconds = clock.SpentSeconds;
        var best = search.Best!.Options;
        SparseRows graph = null!;
        FactorModel? factors = null;
        var refitSeconds = clock.Measure(() =>
        {
            graph = ModelTrainer.Graph(data, best);
            factors = best.HasFactors ? ModelTrainer.Factors(data, best) : null;
        });
        return ModelTrainer.Assemble(data, items, best, graph, factors, Record(search, split, budget, searchSeconds, refitSeconds));
    }

    /// <summary>One candidate per family at the given settings; the blend comes first, so the single families after it only cost scoring.</summary>
    private static void Families(CandidateSearch search, TrainingOptions defaults, InteractionMatrix data)
    {
        var blend = defaults.Clone();
        if (!blend.HasFactors || blend.FactorWeight >= 1) blend.FactorWeight = 0.5;
        blend.Algorithm = Algorithm.Rp3Beta;
        search.Try(blend, force: true);
        search.Try(With(blend, o => o.FactorWeight = 0));
        search.Try(With(blend, o => o.FactorWeight = 1));
        if (Math.Min(data.UserCount, data.ItemCount) > EaseMaxWidth) return;
        var ease = With(blend, o => o.Algorithm = Algorithm.Ease);
        search.Try(With(ease, o => o.FactorWeight = 0));
        search.Try(ease);
    }

    /// <summary>A candidate must beat the best by this much for the search to go on in its direction (validation noise is larger).</summary>
    private const double MinGain = 1e-4;

    /// <summary>Coordinate ascent on the best candidate: one setting at a time, a step each way along its ladder, on while it improves.</summary>
    private static void Refine(CandidateSearch search)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            var atStart = search.Best!.Ndcg10;
            foreach (var axis in Axes)
            {
                if (!axis.AppliesTo(search.Best!.Options)) continue;
                foreach (var direction in new[] { +1, -1 })
                {
                    var current = search.Best!.Options;
                    var moved = false;
                    while (axis.Step(current, direction) is { } next)
                    {
                        var best = search.Best!.Ndcg10;
                        if (search.Try(next) is not { } score || score <= best + MinGain) break;
                        current = next;
                        moved = true;
                    }
                    if (moved) break;
                }
            }
            if (search.Best!.Ndcg10 <= atStart + MinGain) return;
        }
    }

    private static TrainingRecord Record(CandidateSearch search, ValidationSplit split, TimeSpan budget, double searchSeconds, double refitSeconds) => new()
    {
        Chosen = search.Best!.Family,
        ChosenSettings = search.Best.Settings,
        Validation = split.ByTime ? "newest tenth per user" : "random tenth per user",
        ValidationUsers = split.Truth.Count,
        ValidationPairs = split.HeldOutPairs,
        BudgetSeconds = budget.TotalSeconds,
        SearchSeconds = Math.Round(searchSeconds, 2),
        RefitSeconds = Math.Round(refitSeconds, 2),
        Skipped = search.Skipped,
        Candidates = search.Candidates,
    };

    private static TrainingOptions With(TrainingOptions o, Action<TrainingOptions> change)
    {
        var copy = o.Clone();
        change(copy);
        return copy;
    }

    /// <summary>One setting of the search space and the values it may take, in order.</summary>
    private sealed record Axis(Func<TrainingOptions, bool> AppliesTo, double[] Ladder, Func<TrainingOptions, double> Get, Action<TrainingOptions, double> Set)
    {
        public TrainingOptions? Step(TrainingOptions o, int direction)
        {
            var value = Get(o);
            var at = Array.FindIndex(Ladder, v => Math.Abs(v - value) < 1e-9);
            double? next = at >= 0
                ? (at + direction >= 0 && at + direction < Ladder.Length ? Ladder[at + direction] : null)
                : direction > 0 ? Ladder.Where(v => v > value).Cast<double?>().FirstOrDefault() : Ladder.Where(v => v < value).Cast<double?>().LastOrDefault();
            return next is { } v ? With(o, c => Set(c, v)) : null;
        }
    }

    private static bool Blended(TrainingOptions o) => o.HasFactors && o.FactorWeight < 1;
    private static bool HasGraph(TrainingOptions o) => !o.HasFactors || o.FactorWeight < 1;

    // cheapest first: a blend weight costs only scoring, a graph setting one graph, a factor setting one factor training
    private static readonly Axis[] Axes =
    [
        new(Blended, [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], o => o.FactorWeight, (o, v) => o.FactorWeight = v),
        // validation NDCG moves sharply with the factors' λ (on Last.fm 256 factors: 0.199 at 20, 0.217 at 40, 0.203 at 80): fine steps
        new(o => o.HasFactors, [1, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 80, 120], o => o.FactorRegularization, (o, v) => o.FactorRegularization = v),
        new(o => o.HasFactors, [16, 32, 64, 128, 256], o => o.Factors, (o, v) => o.Factors = (int)v),
        new(o => o.HasFactors, [0.5, 1, 2, 3, 4, 8], o => o.FactorAlpha, (o, v) => o.FactorAlpha = v),
        // ε sets where counts stop adding confidence: weights in the hundreds (play counts) want a larger one than 0..1 fractions
        new(o => o.HasFactors, [0.1, 1, 3, 10, 30, 100], o => o.FactorEpsilon, (o, v) => o.FactorEpsilon = v),
        new(HasGraph, [(double)ConfidenceScaling.Binary, (double)ConfidenceScaling.Log], o => (double)o.Scaling, (o, v) => o.Scaling = (ConfidenceScaling)(int)v),
        new(o => HasGraph(o) && o.Algorithm == Algorithm.Rp3Beta, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], o => o.Beta, (o, v) => o.Beta = v),
        new(o => HasGraph(o) && o.Algorithm == Algorithm.Rp3Beta, [0.6, 0.8, 1.0, 1.2], o => o.Alpha, (o, v) => o.Alpha = v),
        new(o => HasGraph(o) && o.Algorithm == Algorithm.Ease, [25, 50, 100, 200, 400, 800, 1600, 3200], o => o.Lambda, (o, v) => o.Lambda = v),
        new(HasGraph, [100, 200, 500, 1000], o => o.Neighbors, (o, v) => o.Neighbors = (int)v),
        new(o => o.HasFactors, [4, 8, 16], o => o.FactorIterations, (o, v) => o.FactorIterations = (int)v),
    ];
}
