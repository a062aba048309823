using BenchmarkDotNet.Attributes;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Engine;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

namespace Recommender.Benchmarks;

/// <summary>One request in-process over a 100k-track catalog whose model was trained on 1M synthetic interactions of 50k users.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ServingBenchmarks
{
    private const int Tracks = 100_000;
    private EmbeddedRecommender _engine = null!;
    private RecommendationQuery _filtered = null!;
    private RecommendationQuery _stranger = null!;
    private string _track = null!;

    [GlobalSetup]
    public void Setup()
    {
        var world = new SyntheticMusic(Tracks);
        var options = new EngineOptions();
        var model = ModelTrainer.Train(world.Interactions(1_000_000, 50_000), world.Items(), options);
        _engine = new EmbeddedRecommender(options);
        _engine.Swap(model, 1);
        // a live listener with 50 fresh events on top of the model's users
        var random = new Random(3);
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 50).Select(k => world.Event("live-listener", world.Pick(random, 7),
            k % 5 == 0 ? EventTypes.Skip : EventTypes.Complete, now.AddMinutes(k), k)).ToList();
        _engine.TrackAsync(events, default).GetAwaiter().GetResult();
        _filtered = new RecommendationQuery
        {
            UserId = "live-listener", NumResults = 25,
            Filters = new RecommendationFilters { ExcludePlayed = true, ExcludeSkipped = true, ExcludeGenres = [SyntheticMusic.Genre(8)], ExcludeArtists = ["artist-1"] },
        };
        _stranger = new RecommendationQuery { UserId = "nobody", NumResults = 25 };
        _track = world.TrackId(7);
    }

    [Benchmark(Description = "top-25, filters, live user")]
    public Task<RecommendationList> Recommend() => _engine.RecommendAsync(_filtered, default);

    [Benchmark(Description = "top-25, unknown user (trending)")]
    public Task<RecommendationList> Trending() => _engine.RecommendAsync(_stranger, default);

    [Benchmark(Description = "related, top-25")]
    public Task<RecommendationList?> Related() => _engine.RelatedAsync(_track, 25, false, default);

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();
}
