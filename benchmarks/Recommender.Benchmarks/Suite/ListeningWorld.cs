using System.Text.Json;

namespace Recommender.Benchmarks.Suite;

/// <summary>
/// The bench's synthetic listeners and catalog as ready-to-post JSON bodies: listener <c>u</c> mostly plays genre <c>u % 50</c>,
/// skewed to its popular tracks (<see cref="SyntheticMusic"/>); every event carries its track's artist and genre, so the host's
/// catalog fills from the events. Bodies are built before a run starts, so the generator spends no CPU on them while measuring.
/// </summary>
public sealed class ListeningWorld(int listeners, int tracks, int seed)
{
    private readonly SyntheticMusic _music = new(tracks, seed: seed);
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow.AddHours(-2);
    private long _sequence;

    public int Listeners { get; } = listeners;
    public int Tracks { get; } = tracks;

    public static string ListenerId(int u) => $"listener-{u}";

    /// <summary><paramref name="batches"/> bodies of <paramref name="batchSize"/> events; with <paramref name="everyListener"/> the
    /// listeners take turns (each gets about the same number of events), otherwise they are drawn at random.</summary>
    public byte[][] Batches(int batches, int batchSize, string runTag, bool everyListener, int randomSeed)
    {
        var random = new Random(randomSeed);
        var result = new byte[batches][];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(batchSize * 400);
        long n = 0;
        for (var b = 0; b < batches; b++)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                for (var i = 0; i < batchSize; i++, n++)
                {
                    var listener = everyListener ? (int)(n % Listeners) : random.Next(Listeners);
                    WriteEvent(json, listener, random, $"{runTag}-{n}");
                }
                json.WriteEndArray();
            }
            result[b] = buffer.WrittenSpan.ToArray();
        }
        return result;
    }

    private void WriteEvent(Utf8JsonWriter json, int listener, Random random, string eventId)
    {
        var track = _music.Pick(random, listener % 50);
        var complete = random.NextDouble() < 0.7;
        var at = _start.AddMilliseconds(Interlocked.Increment(ref _sequence) % 3_600_000);
        json.WriteStartObject();
        json.WriteString("event_id", eventId);
        json.WriteString("user_id", ListenerId(listener));
        json.WriteString("track_id", _music.TrackId(track));
        json.WriteString("event_type", complete ? "complete" : "skip");
        json.WriteString("occurred_at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        json.WriteNumber("ms_played", complete ? 180_000 : 12_000);
        json.WriteNumber("track_duration_ms", 200_000);
        json.WriteStartObject("track");
        json.WriteStartArray("artists");
        json.WriteStartObject();
        json.WriteString("id", _music.ArtistOf(track));
        json.WriteString("name", _music.ArtistOf(track));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("genres");
        json.WriteStringValue(SyntheticMusic.Genre(_music.GenreOf(track)));
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
