using System.CommandLine;
using Producer.Replay;

namespace Producer.Commands;

internal static class ReplayCommand
{
    public static Command Create(GlobalOptions global)
    {
        var dataset = new Option<string>("--dataset") { Description = $"Data set to replay (only {LastFmListening.Name} for now)", DefaultValueFactory = _ => LastFmListening.Name };
        var path = new Option<string?>("--path") { Description = "Folder of the data set's .dat(.gz) files (default $RECOMMENDER_DATASETS/lastfm-hetrec-2k)" };
        var speed = new Option<double>("--speed") { Description = "Replay speed: the data set's span over this factor of wall time (0 = as fast as possible, events dated over the past --days)", DefaultValueFactory = _ => 0 };
        var days = new Option<double>("--days") { Description = "Span of listening history the data set is laid out over", DefaultValueFactory = _ => 30 };
        var maxPlays = new Option<int>("--max-plays-per-pair") { Description = "Events per user-artist pair: up to 1 + log2(play count)", DefaultValueFactory = _ => 1 };
        var limit = new Option<long>("--limit") { Description = "Stop after this many events (0 = all)", DefaultValueFactory = _ => 0 };
        var concurrency = new Option<int>("--concurrency") { Description = "Batches posted at once", DefaultValueFactory = _ => 4 };
        var command = new Command("replay", "Turn a real data set into timed events and post them through the outbox")
        {
            dataset, path, speed, days, maxPlays, limit, concurrency,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.Run(async () =>
        {
            if (parse.GetValue(dataset) != LastFmListening.Name) throw new ProducerException($"unknown data set \"{parse.GetValue(dataset)}\"; known: {LastFmListening.Name}");
            var factor = parse.GetValue(speed);
            if (factor < 0 || parse.GetValue(days) <= 0) throw new ProducerException("--speed must be 0 or more and --days more than 0");
            var directory = parse.GetValue(path) ?? DefaultPath();
            var data = LastFmListening.Load(directory);
            var span = TimeSpan.FromDays(parse.GetValue(days));
            var now = TimeProvider.System.GetUtcNow();
            // Paced: events happen now, compressed by the speed factor. Unpaced: they happened over the past span.
            var timeline = factor > 0 ? data.Timeline(span / factor, parse.GetValue(maxPlays), now) : data.Timeline(span, parse.GetValue(maxPlays), now - span);
            var events = timeline.Select(t => t.Event);
            var total = data.Listens.Sum(l => (long)LastFmListening.Plays(l.Weight, parse.GetValue(maxPlays)));
            if (parse.GetValue(limit) is > 0 and var n)
            {
                events = events.Take((int)Math.Min(n, int.MaxValue));
                total = Math.Min(total, n);
            }
            Console.WriteLine($"{LastFmListening.Name}: {data.Listens.Count:N0} user-artist pairs, {data.ArtistNames.Count:N0} artists → {total:N0} events");
            var settings = global.Settings(parse);
            return await new LoadRun(settings, parse.GetValue(concurrency)).RunAsync("replay", events, total,
                factor > 0 ? (e, _) => e.OccurredAt - now : null, factor > 0 ? 100 : 5_000, cancellationToken);
        }));
        return command;
    }

    private static string DefaultPath()
    {
        var root = Environment.GetEnvironmentVariable("RECOMMENDER_DATASETS") ?? Path.Combine("..", "shared", "datasets");
        return Path.Combine(root, LastFmListening.Name);
    }
}
