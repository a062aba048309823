using System.Diagnostics;
using Producer.Simulation;
using Recommender.Core.Events;
using Spectre.Console;

namespace Recommender.AllInOne.Demo;

/// <summary>The demo from start to "serving until Ctrl+C".</summary>
public static class DemoRun
{
    public static async Task<int> RunAsync(DemoSettings settings, IAnsiConsole console, IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        await using var app = AllInOneHost.Build(settings.Host, configurationArgs);
        await app.StartAsync(cancellationToken);
        var baseAddress = AllInOneHost.BaseAddress(app);
        console.MarkupLineInterpolated($"[bold]Recommender demo[/]: {settings.Users:N0} listeners, {settings.Events:N0} events, {settings.Tracks:N0} tracks (seed {settings.Seed})");
        console.MarkupLineInterpolated($"Listening on {baseAddress} · data in {Path.GetFullPath(settings.Host.DataDirectory)}");

        var catalog = SyntheticCatalog.Generate(settings.Tracks, settings.Seed);
        var listeners = SyntheticListeners.Generate(catalog, settings.Users, settings.Seed);
        var simulator = new ListeningSimulator(listeners, new SimulationOptions { Seed = settings.Seed, EventIdPrefix = $"demo{settings.Seed}" });
        var eventsPerUser = new Dictionary<string, int>(StringComparer.Ordinal);
        IEnumerable<PlaybackEvent> Counted()
        {
            foreach (var e in simulator.Generate(settings.Events))
            {
                eventsPerUser[e.UserId] = eventsPerUser.GetValueOrDefault(e.UserId) + 1;
                yield return e;
            }
        }

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await using var key = await DemoKey.IssueIfNeededAsync(app.Services, console, cancellationToken);
        if (key is not null) http.DefaultRequestHeaders.Add(DemoKey.Header, key.Text);
        var poster = new EventPoster(http, DemoSettings.BatchSize, DemoSettings.Posters);
        var posting = Stopwatch.StartNew();
        var totals = await PostingProgress.RunAsync(console, settings.Events,
            advance => poster.PostAsync(Counted(), advance, cancellationToken));
        posting.Stop();

        console.WriteLine("Waiting for the consumers to catch up...");
        var catchUp = Stopwatch.StartNew();
        var lag = await ConsumerCatchUp.WaitAsync(app.Services, DemoSettings.CatchUpTimeout, cancellationToken);
        catchUp.Stop();

        var exampleUser = eventsPerUser.MaxBy(p => p.Value).Key;
        var summary = new DemoSummary(console, http, catalog);
        await summary.PrintAsync(totals, posting.Elapsed, lag, catchUp.Elapsed, exampleUser, cancellationToken);

        console.MarkupLineInterpolated($"Demo ready after {total.Elapsed.TotalSeconds:N1} s. Serving until Ctrl+C.");
        await app.WaitForShutdownAsync(cancellationToken);
        return lag.Values.All(l => l is 0) ? 0 : 1;
    }
}
