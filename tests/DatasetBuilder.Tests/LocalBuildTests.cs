using DatasetBuilder.Csv;
using DatasetBuilder.Schemas;
using Recommender.Core.Builds;
using Recommender.Core.Recommendations;
using Recommender.Engine.Data;

namespace DatasetBuilder.Tests;

public sealed class LocalBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task the_three_csvs_have_exactly_the_schema_columns_in_order()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var builder = new LocalBuilder(_dir.Path);

        var run = await builder.RunAsync("r1");

        run.Status.ShouldBe(RunStatus.Succeeded, run.Report);
        foreach (var (file, schema) in new[] { ("interactions.csv", "interactions.json"), ("users.csv", "users.json"), ("items.csv", "items.json") })
        {
            var expected = DatasetSchema.Parse("any", File.ReadAllText(Path.Combine(Archives.SchemasDirectory(), schema))).Header;
            var lines = File.ReadAllLines(builder.DatasetFile("r1", file));
            lines[0].Split(',').ShouldBe(expected, $"{file} header");
            lines.Skip(1).ShouldAllBe(l => SplitCsv(l).Count == expected.Count, $"{file} rows have one value per column");
        }
    }

    [Fact]
    public async Task interactions_carry_epoch_seconds_and_the_fraction_played()
    {
        var events = Archives.Simulate(3_000);
        await Archives.WriteAsync(_dir.Path, events);
        await using var builder = new LocalBuilder(_dir.Path);

        await builder.RunAsync("r1");

        var rows = PersonalizeCsv.ReadInteractions(builder.DatasetFile("r1", "interactions.csv"));
        var expected = events.Select(e => (e.UserId, e.TrackId, e.OccurredAt.ToUnixTimeSeconds(), e.EventType, Math.Round(e.FractionPlayed ?? -1, 4))).Order().ToList();
        rows.Select(r => (r.UserId, r.ItemId, r.Timestamp, r.EventType, Math.Round(r.EventValue ?? -1, 4))).Order().ToList().ShouldBe(expected);
        rows.ShouldContain(r => r.EventValue < 0.5, "skips carry a small fraction");
        rows.ShouldAllBe(r => r.EventValue >= 0 && r.EventValue <= 1);
    }

    [Fact]
    public async Task an_event_archived_twice_appears_once_and_a_rerun_adds_nothing()
    {
        var events = Archives.Simulate(3_000);
        // at-least-once delivery: a third of the events reach the archive again in later files
        await Archives.WriteAsync(_dir.Path, events.Concat(events.Where((_, i) => i % 3 == 0)));
        await using var builder = new LocalBuilder(_dir.Path);

        var first = await builder.RunAsync("r1");
        var again = await builder.RunAsync("r2", sinceLast: false);

        File.ReadAllLines(builder.DatasetFile("r1", "interactions.csv")).Length.ShouldBe(events.Count + 1);
        first.Counts["duplicates"].ShouldBe(1_000);
        again.Counts["events_new"].ShouldBe(0);
        File.ReadAllLines(builder.DatasetFile("r2", "interactions.csv")).Length.ShouldBe(events.Count + 1);
    }

    [Fact]
    public async Task too_little_data_fails_validation_with_a_readable_report_and_publishes_nothing()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(300, users: 10));
        await using var builder = new LocalBuilder(_dir.Path);

        var run = await builder.RunAsync("small");

        run.Status.ShouldBe(RunStatus.Invalid);
        run.Report.ShouldNotBeNull();
        run.Report.ShouldContain("300 interactions; Personalize needs at least 1,000");
        run.Report.ShouldContain("10 users have two or more interactions; Personalize needs at least 25");
        run.Report.ShouldContain("nothing was published");
        Directory.Exists(Path.Combine(_dir.Path, "datasets", "small")).ShouldBeFalse();
        builder.Models.Versions().ShouldBeEmpty();
        (await builder.Ledger.GetAsync("small", CancellationToken.None))!.Status.ShouldBe(RunStatus.Invalid);
    }

    [Fact]
    public async Task a_kept_model_serves_and_a_finished_run_is_not_redone()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(4_000));
        await using var builder = new LocalBuilder(_dir.Path);

        var run = await builder.RunAsync("daily-2026-11-20");
        var again = await builder.RunAsync("daily-2026-11-20");

        run.Kept.ShouldBe(true, run.Report);
        run.Metrics.Keys.ShouldContain("ndcg@10");
        run.Metrics.Keys.ShouldContain("precision@25");
        run.ModelVersion.ShouldBe(1);
        builder.Recommender.ModelVersion.ShouldBe(1);
        again.FinishedAt.ShouldBe(run.FinishedAt);
        builder.Models.Versions().ShouldBe([1]);
        var list = await builder.Recommender.RecommendAsync(new RecommendationQuery { UserId = "syn-u000001" }, CancellationToken.None);
        list.Items.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task the_model_swap_keeps_serving_while_a_build_retrains()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(4_000));
        await using var builder = new LocalBuilder(_dir.Path);
        await builder.RunAsync("first");
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(2_000, seed: 4, prefix: "more-"));

        using var load = await RequestLoad.StartAsync(_ =>
        {
            var list = builder.Recommender.RecommendAsync(new RecommendationQuery { UserId = "syn-u000002", NumResults = 10 }, CancellationToken.None).GetAwaiter().GetResult();
            if (list.Items.Count == 0) throw new InvalidOperationException("an empty list while a model was serving");
        });
        var answeredBefore = load.Answered;
        var second = await builder.RunAsync("second", sinceLast: false);
        var answeredDuring = load.Answered - answeredBefore;
        load.Stop();

        second.Status.ShouldBe(RunStatus.Succeeded, second.Report);
        load.Failures.ShouldBeEmpty();
        answeredDuring.ShouldBeGreaterThan(0, "no request was answered while the build retrained and swapped the model");
        builder.Recommender.ModelVersion.ShouldBe(second.Kept == true ? 2 : 1);
    }

    [Fact]
    public async Task a_run_stopped_between_steps_resumes_at_its_step()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using (var crashed = new LocalBuilder(_dir.Path))
        {
            using var kill = new CancellationTokenSource();
            var progress = new LocalBuilder.SyncProgress(null, p => { if (p.Step == RunSteps.Publish) kill.Cancel(); });
            await Should.ThrowAsync<OperationCanceledException>(() =>
                crashed.Build.RunAsync(new BuildRequest("r1"), progress, kill.Token));
            (await crashed.Ledger.GetAsync("r1", CancellationToken.None))!.Step.ShouldBe(RunSteps.Publish);
        }
        await using var resumed = new LocalBuilder(_dir.Path);
        var log = new List<BuildProgress>();

        var run = await resumed.RunAsync("r1", log: log);

        run.Status.ShouldBe(RunStatus.Succeeded);
        log.ShouldNotContain(p => p.Step == RunSteps.Read, "the archive was already read");
        log.ShouldContain(p => p.Step == "resume");
        run.Counts["events_new"].ShouldBe(3_000);
    }

    [Fact]
    public async Task an_incremental_build_reads_only_partitions_since_the_last_run()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var builder = new LocalBuilder(_dir.Path);
        var first = await builder.RunAsync("r1");
        // partitions older than the first run's watermark are not read again
        Directory.Move(Path.Combine(_dir.Path, "archive"), Path.Combine(_dir.Path, "archive-old"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "archive", "dt=2000-01-01", "hour=00"));
        foreach (var f in Directory.EnumerateFiles(Path.Combine(_dir.Path, "archive-old"), "*.jsonl.gz", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(_dir.Path, "archive", "dt=2000-01-01", "hour=00", Path.GetFileName(f)));

        var second = await builder.RunAsync("r2");

        second.SinceHour.ShouldBe(first.Watermark);
        second.Counts["events_read"].ShouldBe(0);
        second.Counts["interactions"].ShouldBe(3_000);
    }

    private static List<string> SplitCsv(string line)
    {
        using var reader = new StringReader(line + "\n");
        var fields = new List<string>();
        var quoted = false;
        var field = new System.Text.StringBuilder();
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}

public sealed class ValidationLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task a_categorical_value_past_personalizes_length_limit_is_reported_and_nothing_is_published()
    {
        var events = Archives.Simulate(3_000);
        var longName = new string('a', 1_001);
        var track = events[7].TrackId;
        events = events.Select(e => e.TrackId != track ? e : e with { Track = e.Track! with { Artists = [new Recommender.Core.Events.ArtistRef { Name = longName }] } }).ToList();
        await Archives.WriteAsync(_dir.Path, events);
        await using var builder = new LocalBuilder(_dir.Path);

        var run = await builder.RunAsync("long");

        run.Status.ShouldBe(RunStatus.Invalid);
        run.Report.ShouldNotBeNull().ShouldContain("1 ARTIST values are longer than 1000 characters, Personalize's limit (longest: 1001)");
        Directory.Exists(Path.Combine(_dir.Path, "datasets", "long")).ShouldBeFalse();
    }
}

public sealed class UserFeatureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task users_carry_top_genre_and_artist_from_the_profile_store_and_bands_from_their_listening()
    {
        var events = Archives.Simulate(3_000);
        await Archives.WriteAsync(_dir.Path, events);
        await using var builder = new LocalBuilder(_dir.Path);
        var profiles = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Recommender.Core.Profiles.IProfileStore>(builder.Services);
        foreach (var chunk in events.Chunk(500)) await profiles.ApplyAsync(chunk, CancellationToken.None);

        await builder.RunAsync("r1");

        var lines = File.ReadAllLines(builder.DatasetFile("r1", "users.csv"));
        lines.Length.ShouldBe(events.Select(e => e.UserId).Distinct().Count() + 1);
        foreach (var line in lines.Skip(1).Take(10))
        {
            var f = line.Split(',');
            var profile = (await profiles.GetAsync(f[0], CancellationToken.None)).ShouldNotBeNull();
            f[1].ShouldBe(profile.TopGenres(1)[0].Key);
            f[2].ShouldBe(profile.TopArtists(1)[0].Key);
            f[3].ShouldBe(Csv.UserFeatures.SkipRateBand(profile.SkipRate));
            f[4].ShouldBe(Csv.UserFeatures.ListeningTimeBand(profile.ListeningMs));
        }
    }
}
