using System.Globalization;
using System.Text.Json.Nodes;

namespace Recommender.AllInOne.Tests.OpenApi;

/// <summary>
/// One all-in-one host for every conformance case, with a little listening already through the pipeline so the read
/// endpoints have something to answer: a listener with a profile and history, tracks the recommender knows.
/// </summary>
public sealed class ConformanceHost : IAsyncLifetime
{
    public const string Listener = "conformance-listener";
    public const string KnownTrack = "conformance-t01";
    public const string UnknownUser = "nobody-listened-yet";
    public const string UnknownTrack = "no-such-track";

    private readonly AllInOneFactory _factory = new();

    /// <summary>The fake Spotify the hosted producer links accounts with (its callback's redirect URI is a loopback IP, as Spotify requires).</summary>
    public Spotify.Fakes.FakeSpotify Spotify { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;
    public OpenApiContract Contract { get; private set; } = null!;
    public AllInOneFactory Factory => _factory;

    public async Task InitializeAsync()
    {
        Spotify = await global::Spotify.Fakes.FakeSpotify.StartAsync();
        _factory.With("SpotifyProducer:ClientId", global::Spotify.Fakes.FakeSpotify.ClientId)
            .With("SpotifyProducer:AccountsUrl", Spotify.BaseUrl.ToString())
            .With("SpotifyProducer:ApiUrl", Spotify.BaseUrl.ToString())
            .With("SpotifyProducer:RedirectUri", "http://127.0.0.1/v1/spotify/callback")
            .With("SpotifyProducer:HostedLoop", "false");
        Client = _factory.CreateClient();
        var events = new JsonArray();
        for (var i = 0; i < 12; i++) events.Add(Event(Listener, $"conformance-t{i % 6 + 1:D2}", i, i % 4 == 3 ? "skip" : "complete"));
        for (var i = 0; i < 12; i++) events.Add(Event("conformance-other", $"conformance-t{i % 8 + 1:D2}", i, "complete"));
        using var response = await Client.PostAsync("/v1/events", ApiProbe.Text(events.ToJsonString(), "application/json"));
        response.EnsureSuccessStatusCode();
        await _factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));
        Contract = await OpenApiContract.ReadAsync(Client);
    }

    public static JsonObject Event(string user, string track, int n, string type = "complete") => new()
    {
        ["event_id"] = $"{user}-{n}",
        ["user_id"] = user,
        ["track_id"] = track,
        ["event_type"] = type,
        ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-60 + n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["ms_played"] = type == "skip" ? 12_000 : 190_000,
        ["track_duration_ms"] = 200_000,
        ["context"] = new JsonObject { ["type"] = "playlist", ["uri"] = "spotify:playlist:conformance" },
        ["track"] = new JsonObject
        {
            ["name"] = $"Song {track}",
            ["artists"] = new JsonArray(new JsonObject { ["id"] = $"artist-{track[^1]}", ["name"] = $"Artist {track[^1]}" }),
            ["album"] = "Conformance",
            ["genres"] = new JsonArray(int.Parse(track[^1..], CultureInfo.InvariantCulture) % 2 == 0 ? "jazz" : "rock"),
            ["release_year"] = 1999,
            ["audio_features"] = new JsonObject { ["energy"] = 0.5, ["tempo"] = 120.0 },
        },
    };

    public async Task DisposeAsync()
    {
        Client.Dispose();
        _factory.Dispose();
        await Spotify.DisposeAsync();
    }
}
