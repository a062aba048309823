using System.CommandLine;
using System.Diagnostics;
using Producer.Simulation;
using Recommender.Core.Events;

namespace Producer.Commands;

internal static class SimulateCommand
{
    public static Command Create(GlobalOptions global)
    {
        var users = new Option<int>("--users") { Description = "Synthetic listeners", DefaultValueFactory = _ => 100 };
        var events = new Option<long>("--events") { Description = "Events to generate", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<double>("--rate") { Description = "Events per second to queue (0 = as fast as possible)", DefaultValueFactory = _ => 0 };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the synthetic catalog", DefaultValueFactory = _ => 3_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of catalog, listeners and sessions", DefaultValueFactory = _ => 42 };
        var days = new Option<double>("--days") { Description = "Days of history the events spread over, ending now", DefaultValueFactory = _ => 7 };
        var concurrency = new Option<int>("--concurrency") { Description = "Batches posted at once", DefaultValueFactory = _ => 4 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only generate and serialize the events (measures the generator); nothing is queued or posted" };
        var command = new Command("simulate", "Synthetic listeners with distinct tastes; their sessions posted through the outbox")
        {
            users, events, rate, tracks, seed, days, concurrency, dryRun,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.Run(async () =>
        {
            var count = parse.GetValue(events);
            if (parse.GetValue(users) < 1 || count < 1 || parse.GetValue(tracks) < 1)
                throw new ProducerException("--users, --events and --tracks must be at least 1");
            if (parse.GetValue(rate) < 0) throw new ProducerException("--rate must be 0 (as fast as possible) or more");
            var now = TimeProvider.System.GetUtcNow();
            var catalog = SyntheticCatalog.Generate(parse.GetValue(tracks), parse.GetValue(seed));
            var listeners = SyntheticListeners.Generate(catalog, parse.GetValue(users), parse.GetValue(seed) + 1);
            var simulator = new ListeningSimulator(listeners, new SimulationOptions
            {
                Seed = parse.GetValue(seed) + 2,
                Now = now,
                Span = TimeSpan.FromDays(parse.GetValue(days)),
                // A new run gets new event ids; re-running the same second would be de-duplicated by ingestion.
                EventIdPrefix = $"sim{parse.GetValue(seed)}-{now:yyMMddHHmmss}",
            });
            if (parse.GetValue(dryRun)) return DryRun(simulator.Generate(count));
            var settings = global.Settings(parse);
            var perSecond = parse.GetValue(rate);
            return await new LoadRun(settings, parse.GetValue(concurrency)).RunAsync("simulate", simulator.Generate(count), count,
                perSecond > 0 ? (_, ordinal) => TimeSpan.FromSeconds(ordinal / perSecond) : null,
                perSecond > 0 ? (int)Math.Clamp(perSecond / 20, 1, 5_000) : 5_000, cancellationToken);
        }));
        return command;
    }

    private static int DryRun(IEnumerable<PlaybackEvent> events)
    {
        var clock = Stopwatch.StartNew();
        long count = 0, bytes = 0;
        foreach (var e in events)
        {
            bytes += EventJson.Serialize(e).Length;
            count++;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"generated and serialized {count:N0} events ({bytes / Math.Max(count, 1):N0} bytes each) in {seconds:N2} s = {count / seconds:N0} events/s");
        return 0;
    }
}
