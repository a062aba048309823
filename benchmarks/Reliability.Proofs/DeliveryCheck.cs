using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Local.Streaming;
using Recommender.Core.Archive;
using Recommender.Core.Consumers;
using Recommender.Core.Profiles;
using Recommender.Engine;
using Recommender.Engine.Serving;

namespace Reliability.Proofs;

/// <summary>
/// The verdict every proof that loads a host ends with: every acknowledged event on the stream once, counted once in its
/// listener's profile, archived, tracked once by the engine (its state as a restart restores it), nothing dead-lettered, and
/// every SQLite file passing integrity_check.
/// </summary>
internal static class DeliveryCheck
{
    public static async Task WaitForConsumersAsync(string dataDirectory, TimeSpan timeout)
    {
        await using var services = DataCheck.Adapters(dataDirectory);
        var log = services.GetRequiredService<EmbeddedEventLog>();
        var until = DateTime.UtcNow + timeout;
        long lag;
        while ((lag = await DataCheck.LagAsync(log)) > 0)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"the consumers still had {lag} records to go after {timeout}");
            await Task.Delay(500);
        }
    }

    /// <summary>Prints the checks and PASSED or FAILED; returns the exit code.</summary>
    public static async Task<int> VerifyAsync(string dataDirectory, IReadOnlyCollection<(string User, string EventId)> acknowledged)
    {
        var integrity = DataCheck.IntegrityChecks(dataDirectory);
        await using var services = DataCheck.Adapters(dataDirectory);
        var stream = await DataCheck.StreamCountsAsync(services.GetRequiredService<EmbeddedEventLog>());
        var archive = await DataCheck.ArchiveCountsAsync(services.GetRequiredService<IEventArchive>());
        var deadLetters = await services.GetRequiredService<IDeadLetterStore>().ListAsync(null, 100_000, CancellationToken.None);
        var onStream = stream.Keys.ToHashSet();
        var plays = await DataCheck.PlaysAsync(services.GetRequiredService<IProfileStore>(), onStream.Select(k => k.Item1).Distinct());

        var missingFromStream = acknowledged.Count(k => !stream.ContainsKey(k));
        var twiceOnStream = stream.Count(p => p.Value > 1);
        var expectedPlays = onStream.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => (long)g.Count());
        var usersCountedWrong = expectedPlays.Count(p => plays.GetValueOrDefault(p.Key) != p.Value);
        var missingFromArchive = onStream.Count(k => !archive.ContainsKey(k));
        var archivedTwice = archive.Count(p => p.Value > 1);
        var badFiles = integrity.Where(p => p.Value != "ok").ToList();
        long inEngine;
        using (var engine = EmbeddedRecommender.OpenDurable(new EngineOptions { DataDirectory = dataDirectory })) inEngine = engine.EventsTracked;

        Console.WriteLine();
        Console.WriteLine($"acknowledged events:                 {acknowledged.Count:N0}");
        Console.WriteLine($"on the stream (distinct):            {onStream.Count:N0} ({onStream.Count - acknowledged.Count:N0} sent but never acknowledged, kept once)");
        Console.WriteLine($"acknowledged but not on the stream:  {missingFromStream}");
        Console.WriteLine($"on the stream twice:                 {twiceOnStream}");
        Console.WriteLine($"listeners whose plays are not the count of their events: {usersCountedWrong} of {expectedPlays.Count}");
        Console.WriteLine($"not in the archive:                  {missingFromArchive}");
        Console.WriteLine($"archived more than once (at-least-once writes; readers de-duplicate by (user_id, event_id)): {archivedTwice}");
        Console.WriteLine($"dead letters:                        {deadLetters.Count} ({string.Join(", ", deadLetters.GroupBy(d => d.Consumer).Select(g => $"{g.Key}: {g.Count()}"))})");
        Console.WriteLine($"SQLite files passing integrity_check: {integrity.Count - badFiles.Count} of {integrity.Count} ({string.Join(", ", integrity.Keys)})");
        foreach (var (file, result) in badFiles) Console.WriteLine($"  {file}: {result}");
        Console.WriteLine($"events the engine tracked (restored from its snapshot and journal): {inEngine:N0} of {onStream.Count:N0} on the stream");
        var passed = inEngine == onStream.Count && missingFromStream == 0 && twiceOnStream == 0 && usersCountedWrong == 0 && missingFromArchive == 0 && deadLetters.Count == 0 && badFiles.Count == 0;
        Console.WriteLine(passed ? "PASSED" : "FAILED");
        return passed ? 0 : 1;
    }
}
