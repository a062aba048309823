using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Contracts;
using Recommender.Core.Events;
using Recommender.Core.Streaming;
using Spotify.Fakes;
using SpotifyProducer.Polling;

namespace SpotifyProducer.Tests;

/// <summary>
/// The hosted producer as it runs on one machine: its own host on the embedded adapters (SQLite links, key-file
/// cipher, embedded stream) in a temp data folder, served by Kestrel on a loopback port, talking to the fake Spotify.
/// With a clock the test moves, the test runs polling rounds itself; without one the hosted loop polls.
/// </summary>
public sealed class HostedProducer : WebApplicationFactory<Program>
{
    private readonly FakeSpotify _spotify;
    private readonly ManualClock? _clock;
    private readonly Dictionary<string, string?> _settings;

    private readonly Amazon.Runtime.AWSCredentials? _awsCredentials;

    /// <param name="awsCredentials">For a host in Aws mode on local peers: the key pair they know.</param>
    public HostedProducer(FakeSpotify spotify, ManualClock? clock, IDictionary<string, string?>? settings = null, Amazon.Runtime.AWSCredentials? awsCredentials = null)
    {
        _awsCredentials = awsCredentials;
        _spotify = spotify;
        _clock = clock;
        DataDirectory = Directory.CreateTempSubdirectory("spotify-producer-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Recommender:DataDirectory"] = DataDirectory,
            ["SpotifyProducer:ClientId"] = FakeSpotify.ClientId,
            ["SpotifyProducer:AccountsUrl"] = spotify.BaseUrl.ToString(),
            ["SpotifyProducer:ApiUrl"] = spotify.BaseUrl.ToString(),
            ["SpotifyProducer:HostedLoop"] = clock is null ? "true" : "false",
            ["SpotifyProducer:PollInterval"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    /// <summary>Every log line of the host, at every level.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Waits between Spotify's 5xx retries that the poller asked for (none really waited).</summary>
    public List<TimeSpan> RetryDelays { get; } = [];

    /// <summary>A client of the started host on its loopback address, following redirects as a browser does.</summary>
    public HttpClient Browser()
    {
        StartServer();
        return new HttpClient { BaseAddress = ClientOptions.BaseAddress };
    }

    public PollingRound Round => Services.GetRequiredService<PollingRound>();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(Logs.AddTo);
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
    {
        if (_clock is not null) services.AddSingleton<TimeProvider>(_clock);
        if (_awsCredentials is not null) services.AddSingleton(_awsCredentials);
        services.AddSingleton<SpotifyRetryDelay>((wait, _) =>
        {
            lock (RetryDelays) RetryDelays.Add(wait);
            return Task.CompletedTask;
        });
    });

    /// <summary>Every event on the stream, read with a consumer name no one else uses.</summary>
    public async Task<IReadOnlyList<PlaybackEvent>> ReadStreamAsync()
    {
        var reader = Services.GetRequiredService<IStreamReader>();
        var consumer = $"spotify-test-{Guid.NewGuid():N}";
        var events = new List<PlaybackEvent>();
        foreach (var shard in await reader.ListShardsAsync(CancellationToken.None))
            foreach (var record in await reader.ReadAsync(consumer, shard, 100_000, CancellationToken.None))
                events.Add(EventJson.Deserialize(record.Data.Span));
        return events;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
