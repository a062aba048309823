using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Contracts;
using Recommender.Core.Archive;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;

namespace Recommendations.Api.Tests;

/// <summary>
/// The real recommendations API in memory on the embedded engine and SQLite profile store, seeded with
/// listening the way the consumers would feed it (profile store + interaction tracker).
/// </summary>
public sealed class RecommendationsApiFactory : WebApplicationFactory<Program>
{
    public static readonly string[] Genres = ["jazz", "metal", "techno"];
    public const int TracksPerGenre = 30;

    private readonly SemaphoreSlim _seeded = new(1, 1);
    private bool _isSeeded;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "recommendations-api-tests", Guid.NewGuid().ToString("N"));

    private readonly List<PlaybackEvent> _seed = SeedEvents();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recommender:DataDirectory"] = DataDirectory,
            // The first background model trains on the whole seed, not on what was tracked when its 2 s poll came.
            ["Recommender:Engine:RetrainMinNewEvents"] = _seed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        return base.CreateHost(builder);
    }

    public static string Track(string genre, int i) => $"{genre}-track-{i:D2}";

    public static string GenreOf(string trackId) => trackId[..trackId.IndexOf('-')];

    public int SeedCount => _seed.Count;

    /// <summary>The UTC dates the seed's listening falls on (it starts three hours ago).</summary>
    public IReadOnlyList<DateOnly> SeedDays => _seed.Select(e => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime)).Distinct().Order().ToList();

    /// <summary>Listeners per genre who each play that genre's tracks; then "jazz-fan" who played the first 5 jazz tracks and skipped one metal track.</summary>
    public async Task<HttpClient> SeededClientAsync()
    {
        var client = CreateClient();
        await _seeded.WaitAsync();
        try
        {
            if (_isSeeded) return client;
            await Services.GetRequiredService<IProfileStore>().ApplyAsync(_seed, CancellationToken.None);
            await Services.GetRequiredService<IInteractionTracker>().TrackAsync(_seed, CancellationToken.None);
            await Services.GetRequiredService<IEventArchive>().WriteAsync(_seed, CancellationToken.None);
            // Every test sees the same engine: the model trained on the seed, never the moment before it is swapped in.
            var engine = Services.GetRequiredService<Recommender.Engine.Serving.EmbeddedRecommender>();
            await Eventually.UntilAsync(() => engine.ModelVersion >= 1, "the background retrainer swapped in the model of the seed");
            _isSeeded = true;
            return client;
        }
        finally
        {
            _seeded.Release();
        }
    }

    private static List<PlaybackEvent> SeedEvents()
    {
        var events = new List<PlaybackEvent>();
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        foreach (var genre in Genres)
            for (var user = 0; user < 12; user++)
                for (var i = 0; i < TracksPerGenre; i += 1 + user % 3)
                    events.Add(Event($"{genre}-listener-{user}", Track(genre, i), genre, EventTypes.Complete, at = at.AddSeconds(7)));
        for (var i = 0; i < 5; i++) events.Add(Event("jazz-fan", Track("jazz", i), "jazz", EventTypes.Complete, at = at.AddSeconds(7)));
        events.Add(Event("jazz-fan", Track("metal", 0), "metal", EventTypes.Skip, at.AddSeconds(7)));
        return events;
    }

    private static PlaybackEvent Event(string user, string track, string genre, string type, DateTimeOffset at) => new()
    {
        EventId = $"{user}-{track}-{type}",
        UserId = user,
        TrackId = track,
        EventType = type,
        OccurredAt = at,
        MsPlayed = type == EventTypes.Skip ? 5_000 : 200_000,
        TrackDurationMs = 200_000,
        SessionId = $"{user}-session",
        Track = new TrackMetadata
        {
            Name = track,
            Artists = [new ArtistRef { Id = $"{genre}-artist", Name = $"{genre} artist" }],
            Genres = [genre],
        },
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _seeded.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Still held by a closing connection; it is under the temp folder.
        }
    }
}
