using Recommender.Engine.Data;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Model;
using Recommender.Engine.Training;

namespace Recommender.Engine.Tests;

public sealed class TuningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-tuning-").FullName;

    /// <summary>The test crowd as Personalize-format interactions (real times: one event a minute per listener).</summary>
    private static List<Interaction> Crowd(int seed = 7) => Events.Crowd(genres: 4, usersPerGenre: 12, tracksPerGenre: 30, eventsPerUser: 25, seed: seed)
        .Select(e => new Interaction(e.UserId, e.TrackId, e.OccurredAt.ToUnixTimeSeconds(), e.EventType, e.FractionPlayed)).ToList();

    private static List<ItemMetadata> Items(IEnumerable<Interaction> rows) =>
        rows.Select(r => r.ItemId).Distinct().Select(id => new ItemMetadata(id, [], [$"genre-{id[1]}"])).ToList();

    [Fact]
    public void with_real_times_validation_holds_out_the_newest_tenth_of_each_users_tracks()
    {
        var rows = Crowd();
        var matrix = InteractionMatrix.Build(rows, new InteractionWeighting());

        var split = ValidationSplit.Carve(matrix, seed: 1);

        split.ByTime.ShouldBeTrue();
        split.Truth.Count.ShouldBe(48, "every listener has at least five tracks");
        foreach (var (user, truth) in split.Truth)
        {
            var lastSeen = rows.Where(r => r.UserId == user).GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.Max(r => r.Timestamp));
            truth.Length.ShouldBe(Math.Max(1, lastSeen.Count / 10));
            var heldOut = truth.Select(i => lastSeen[matrix.ItemIds[i]]).Min();
            var kept = lastSeen.Where(kv => !truth.Contains(Array.IndexOf(matrix.ItemIds, kv.Key))).Max(kv => kv.Value);
            heldOut.ShouldBeGreaterThanOrEqualTo(kept, $"{user}: a held-out track is older than one kept for fitting");
        }
        split.Fit.Rows.NonZeros.ShouldBe(matrix.Rows.NonZeros - split.HeldOutPairs);
        split.Fit.ItemIds.ShouldBe(matrix.ItemIds, "every item stays rankable");
    }

    [Fact]
    public void without_real_times_validation_is_a_seeded_random_tenth()
    {
        var rows = Crowd().Select(r => r with { Timestamp = 0 }).ToList();
        var matrix = InteractionMatrix.Build(rows, new InteractionWeighting());

        var first = ValidationSplit.Carve(matrix, seed: 1);
        var again = ValidationSplit.Carve(matrix, seed: 1);
        var other = ValidationSplit.Carve(matrix, seed: 2);

        matrix.LastSeen.ShouldBeNull();
        first.ByTime.ShouldBeFalse();
        Flat(again).ShouldBe(Flat(first));
        Flat(other).ShouldNotBe(Flat(first));
    }

    [Fact]
    public void the_search_scores_each_family_keeps_the_best_refits_it_on_everything_and_records_it_in_the_model_file()
    {
        var rows = Crowd();
        var matrix = InteractionMatrix.Build(rows, new InteractionWeighting());
        var seen = new List<CandidateRecord>();

        var model = ModelTuner.Train(matrix, Items(rows), new EngineOptions(), TimeSpan.FromSeconds(20), seen.Add);
        var path = Path.Combine(_dir, "tuned.bin");
        model.Save(path);
        var loaded = RecommenderModel.Load(path);

        var record = loaded.Training.ShouldNotBeNull();
        record.Candidates.Select(c => c.Family).ShouldBe(seen.Select(c => c.Family));
        record.Candidates.Select(c => c.Family).Distinct().ShouldBe(["Rp3Beta+iALS", "Rp3Beta", "iALS", "Ease", "Ease+iALS"], ignoreOrder: true);
        var best = record.Candidates.MaxBy(c => c.Ndcg10)!;
        (record.Chosen, record.ChosenSettings).ShouldBe((best.Family, best.Settings));
        loaded.Algorithm.ShouldBe(best.Family);
        loaded.Settings.ShouldNotBeNull().Describe().ShouldBe(best.Settings);
        record.Validation.ShouldBe("newest tenth per user");
        loaded.UserItems.NonZeros.ShouldBe(matrix.Rows.NonZeros, "the chosen settings are refit on all the training data");
        record.ToText().ShouldContain($"chosen: {best.Family}");
    }

    [Fact]
    public void a_zero_budget_trains_the_fixed_settings_without_a_search()
    {
        var rows = Crowd();
        var options = new EngineOptions();
        options.Training.FactorWeight = 0;

        var model = ModelTuner.Train(InteractionMatrix.Build(rows, options.Weighting), Items(rows), options, TimeSpan.Zero);

        model.Training.ShouldBeNull();
        model.Algorithm.ShouldBe("Rp3Beta");
        model.Settings.ShouldNotBeNull().FactorWeight.ShouldBe(0);
    }

    [Fact]
    public void an_evaluation_searches_on_its_training_part_only()
    {
        var rows = Crowd(seed: 3).Select(r => r with { Timestamp = 0 }).ToList();
        InteractionMatrix? given = null;

        var result = OfflineEvaluator.RandomSplit811(rows, Items(rows), new EngineOptions(), seed: 5, trainer: (matrix, items) =>
        {
            given = matrix;
            return ModelTuner.Train(matrix, items, new EngineOptions(), TimeSpan.FromSeconds(1));
        });

        var split = Splits.Random811(rows, 5);
        var trained = new HashSet<(string, string)>();
        for (var u = 0; u < given!.UserCount; u++)
            foreach (var i in given.Rows.RowIndices(u).ToArray()) trained.Add((given.UserIds[u], given.ItemIds[i]));
        var heldOut = split.Test.SelectMany(kv => kv.Value.Select(i => (kv.Key, i))).Concat(split.Valid.SelectMany(kv => kv.Value.Select(i => (kv.Key, i))));
        heldOut.ShouldNotBeEmpty();
        heldOut.ShouldAllBe(pair => !trained.Contains(pair), "the search was given a held-out pair");
        result.Training.ShouldNotBeNull().Candidates.ShouldNotBeEmpty();
    }

    private static List<string> Flat(ValidationSplit split) => split.Truth.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{string.Join(",", kv.Value)}").ToList();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
