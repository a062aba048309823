using System.Text.Json;
using Producer.Replay;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace Producer.Tests.Replay;

public class LastFmReplayTests
{
    private static readonly Lazy<LastFmListening> Data = new(() => LastFmListening.Load(Datasets.PathOf(LastFmListening.Name)));

    [DatasetFact(LastFmListening.Name)]
    public void the_data_set_loads_with_the_row_counts_its_readme_states()
    {
        Data.Value.Listens.Count.ShouldBe(92_834);
        Data.Value.Listens.Select(l => l.UserId).Distinct().Count().ShouldBe(1_892);
        Data.Value.ArtistNames.Count.ShouldBe(17_632);
        Data.Value.ArtistTags.Count.ShouldBeGreaterThan(10_000);
    }

    [DatasetFact(LastFmListening.Name)]
    public void the_timeline_is_ordered_valid_and_deterministic()
    {
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var timeline = Data.Value.Timeline(TimeSpan.FromDays(30), maxPlaysPerPair: 1, start).ToList();
        timeline.Count.ShouldBe(92_834);
        timeline.Select(t => t.Offset).ShouldBeInOrder();
        timeline[^1].Offset.ShouldBeLessThanOrEqualTo(TimeSpan.FromDays(30));
        var ids = timeline.Select(t => t.Event.EventId).ToList();
        ids.Distinct().Count().ShouldBe(ids.Count);
        Data.Value.Timeline(TimeSpan.FromDays(30), 1, start).Take(1_000).Select(t => t.Event.EventId).ShouldBe(ids.Take(1_000));

        // A user's artists come in the order they first tagged them.
        var user = Data.Value.Listens.GroupBy(l => l.UserId).First(g => g.Count(l => l.FirstTagged is not null) >= 5);
        var expected = user.Where(l => l.FirstTagged is not null).OrderBy(l => l.FirstTagged).ThenByDescending(l => l.Weight).ThenBy(l => l.ArtistId)
            .Select(l => $"lastfm-a{l.ArtistId}").ToList();
        timeline.Select(t => t.Event).Where(e => e.UserId == $"lastfm-u{user.Key}").Take(expected.Count).Select(e => e.TrackId).ShouldBe(expected);

        foreach (var batch in timeline.Select(t => t.Event).Take(5_000).Chunk(500))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(batch.ToList(), EventJsonContext.Default.ListPlaybackEvent);
            EventBatchParser.Parse(body, start.AddDays(31)).Errors.ShouldBeEmpty();
        }
        timeline.Count(t => t.Event.Track!.Genres is { Count: > 0 }).ShouldBeGreaterThan(timeline.Count / 2);
    }

    [DatasetFact(LastFmListening.Name)]
    public void heavier_pairs_repeat_up_to_the_cap()
    {
        LastFmListening.Plays(1, 5).ShouldBe(1);
        LastFmListening.Plays(8, 5).ShouldBe(4);
        LastFmListening.Plays(100_000, 5).ShouldBe(5);
        var count = Data.Value.Timeline(TimeSpan.FromDays(1), 3, DateTimeOffset.UnixEpoch).LongCount();
        count.ShouldBe(Data.Value.Listens.Sum(l => (long)LastFmListening.Plays(l.Weight, 3)));
        count.ShouldBeGreaterThan(92_834 * 2);
    }
}
