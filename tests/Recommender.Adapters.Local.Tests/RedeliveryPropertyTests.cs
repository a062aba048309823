using System.Text.Json;
using CsCheck;
using Recommender.Adapters.Local.Profiles;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local.Tests;

/// <summary>
/// At-least-once delivery, as a property: however the stream redelivers, duplicates and reorders a set of events
/// (within the de-duplication window), the profiles come out as from one clean pass of each event once.
/// </summary>
public sealed class RedeliveryPropertyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = [EventTypes.Play, EventTypes.Skip, EventTypes.Complete, EventTypes.Like];
    private readonly TempDirectory _directory = new();

    /// <summary>Events of a few listeners (event ids reused across listeners), and one messy delivery of them in batches.</summary>
    public sealed record Scenario(List<PlaybackEvent> Events, List<List<PlaybackEvent>> Delivery)
    {
        public override string ToString() =>
            $"{Events.Count} events of {Events.Select(e => e.UserId).Distinct().Count()} users in {Delivery.Count} batches: " +
            string.Join(" | ", Delivery.Select(b => string.Join(",", b.Select(e => $"{e.UserId}/{e.EventId}"))));
    }

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 40], Gen.Int[0, int.MaxValue], (users, events, seed) => Make(users, events, seed));

    private static Scenario Make(int users, int count, int seed)
    {
        var random = new Random(seed);
        var events = new List<PlaybackEvent>();
        var taken = new HashSet<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var user = $"u{random.Next(users)}";
            var id = $"e{random.Next(count)}"; // the same ids turn up for several users: the key is (user_id, event_id)
            if (!taken.Add((user, id))) continue;
            events.Add(new PlaybackEvent
            {
                EventId = id,
                UserId = user,
                TrackId = $"t{random.Next(8)}",
                EventType = Types[random.Next(Types.Length)],
                OccurredAt = Start.AddMinutes(random.Next(90)), // ties happen
                MsPlayed = random.Next(300_000),
                TrackDurationMs = 300_000,
                Track = new TrackMetadata { Artists = [new ArtistRef { Name = $"a{random.Next(3)}" }], Genres = [$"g{random.Next(3)}"] },
            });
        }
        var sent = events.OrderBy(_ => random.Next()).ToList();
        foreach (var e in events.Where(_ => random.NextDouble() < 0.3)) sent.Insert(random.Next(sent.Count + 1), e);
        var batches = new List<List<PlaybackEvent>>();
        for (var at = 0; at < sent.Count;)
        {
            var size = Math.Min(random.Next(1, 11), sent.Count - at);
            batches.Add(sent.GetRange(at, size));
            at += size;
        }
        foreach (var batch in batches.Where(_ => random.NextDouble() < 0.3).ToList()) batches.Insert(random.Next(batches.Count + 1), batch);
        return new Scenario(events, batches);
    }

    [Fact]
    public async Task redelivered_duplicated_and_reordered_batches_give_the_profiles_of_one_clean_pass()
    {
        await Scenarios.SampleAsync(async scenario =>
        {
            var clean = new SqliteProfileStore(_directory.File($"clean-{Guid.NewGuid():N}.db"));
            var messy = new SqliteProfileStore(_directory.File($"messy-{Guid.NewGuid():N}.db"));
            (await clean.ApplyAsync(scenario.Events.OrderBy(e => e.OccurredAt).ToList(), CancellationToken.None)).ShouldBe(scenario.Events.Count);
            var applied = 0;
            foreach (var batch in scenario.Delivery) applied += await messy.ApplyAsync(batch, CancellationToken.None);

            applied.ShouldBe(scenario.Events.Count, "each event counts once");
            foreach (var user in scenario.Events.Select(e => e.UserId).Distinct())
                Json(await messy.GetAsync(user, CancellationToken.None)).ShouldBe(Json(await clean.GetAsync(user, CancellationToken.None)), $"profile of {user}");
        }, iter: 50, threads: 1);
    }

    /// <summary>The profile as JSON with its counts in key order (a dictionary's order is not part of the profile).</summary>
    private static string Json(UserProfile? profile)
    {
        if (profile is null) return "null";
        profile.ArtistCounts = profile.ArtistCounts.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        profile.GenreCounts = profile.GenreCounts.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return JsonSerializer.Serialize(profile);
    }

    public void Dispose() => _directory.Dispose();
}
