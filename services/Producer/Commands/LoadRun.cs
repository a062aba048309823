using System.Diagnostics;
using Producer.Delivery;
using Producer.Outbox;
using Recommender.Core.Events;
using Spectre.Console;

namespace Producer.Commands;

/// <summary>
/// What simulate and replay share: events go into the outbox at a paced rate while a sender drains
/// it into the ingestion API, with a progress display and a short summary at the end.
/// </summary>
internal sealed class LoadRun(ProducerSettings settings, int concurrency)
{
    /// <summary>Queues <paramref name="events"/>; <paramref name="due"/> (event, ordinal) says when each may be queued, from the start (null = no pacing).</summary>
    public async Task<int> RunAsync(string title, IEnumerable<PlaybackEvent> events, long total, Func<PlaybackEvent, long, TimeSpan>? due, int chunkSize, CancellationToken cancellationToken)
    {
        using var outbox = new EventOutbox(settings.OutboxPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var sender = new OutboxSender(outbox, new IngestionClient(http, settings.IngestionUrl, settings.ApiKey),
            new SenderOptions { Concurrency = concurrency });
        var waitingBefore = outbox.Depth;
        var clock = Stopwatch.StartNew();
        long enqueued = 0;
        var producing = true;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = sender.RunAsync(stop.Token, untilEmpty: true, moreComing: () => Volatile.Read(ref producing));

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var queued = ctx.AddTask($"{title}: queued", maxValue: total);
                var delivered = ctx.AddTask("delivered to ingestion", maxValue: total + waitingBefore);
                var refresh = Task.Run(async () =>
                {
                    while (!sending.IsCompleted)
                    {
                        queued.Value = Interlocked.Read(ref enqueued);
                        delivered.Value = sender.Delivered + sender.RejectedEvents;
                        delivered.Description = sender.LastResult is { Outcome: not PostOutcome.Accepted } last
                            ? $"delivered (retrying: {Markup.Escape(last.Message)})"
                            : "delivered to ingestion";
                        await Task.Delay(250, CancellationToken.None);
                    }
                }, CancellationToken.None);
                try
                {
                    await Enqueue(outbox, events, due, chunkSize, clock, n => Interlocked.Add(ref enqueued, n), stop.Token);
                }
                finally
                {
                    Volatile.Write(ref producing, false);
                }
                try
                {
                    await sending;
                }
                catch (OperationCanceledException)
                {
                }
                queued.Value = enqueued;
                delivered.Value = sender.Delivered + sender.RejectedEvents;
                await refresh;
            });

        var seconds = clock.Elapsed.TotalSeconds;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]: queued {enqueued:N0}, delivered {sender.Delivered:N0} " +
            $"({sender.Duplicates:N0} duplicates) in {seconds:N1} s = {sender.Delivered / Math.Max(seconds, 0.001):N0} events/s; " +
            $"rejected {sender.RejectedEvents:N0}; still waiting {outbox.Depth:N0}.");
        if (sender.RejectedEvents > 0) AnsiConsole.MarkupLine("[yellow]Some events were rejected; `recommender-producer status` lists them.[/]");
        return outbox.Depth == 0 ? 0 : 2;
    }

    private static async Task Enqueue(EventOutbox outbox, IEnumerable<PlaybackEvent> events, Func<PlaybackEvent, long, TimeSpan>? due,
        int chunkSize, Stopwatch clock, Action<int> counted, CancellationToken cancellationToken)
    {
        // One transaction per chunk; paced runs use small chunks so timing stays smooth.
        var chunk = new List<PlaybackEvent>(chunkSize);
        long ordinal = 0;
        foreach (var e in events)
        {
            chunk.Add(e);
            ordinal++;
            if (chunk.Count < chunkSize) continue;
            await Flush();
        }
        if (chunk.Count > 0) await Flush();

        async Task Flush()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (due is not null)
            {
                var wait = due(chunk[^1], ordinal - 1) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
            }
            outbox.Enqueue(chunk);
            counted(chunk.Count);
            chunk.Clear();
        }
    }
}
