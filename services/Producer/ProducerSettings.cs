using Microsoft.Extensions.Configuration;

namespace Producer;

/// <summary>
/// Everything the producer is configured with. Sources, later winning: built-in defaults,
/// {home}/producer.json, environment variables, then command-line options.
/// </summary>
public sealed record ProducerSettings
{
    public const string HomeVariable = "RECOMMENDER_PRODUCER_HOME";

    /// <summary>Per-user folder for the outbox, the encrypted tokens and their keys.</summary>
    public required string Home { get; init; }
    public Uri IngestionUrl { get; init; } = new("http://127.0.0.1:5080/");

    /// <summary>Sent as x-api-key; from the environment or producer.json only, never a command-line argument (shells keep history).</summary>
    public string? ApiKey { get; init; }

    public string? SpotifyClientId { get; init; }
    public Uri SpotifyAccountsUrl { get; init; } = new("https://accounts.spotify.com/");
    public Uri SpotifyApiUrl { get; init; } = new("https://api.spotify.com/");
    public int RedirectPort { get; init; } = 8888;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan CompleteThreshold { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan PauseTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan SessionIdle { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan BackfillInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a play may be out of sight (204, a device hand-off) and still be one listen.</summary>
    public TimeSpan GapTolerance { get; init; } = TimeSpan.FromSeconds(30);

    public string OutboxPath => Path.Combine(Home, "outbox.db");
    public string TokenPath => Path.Combine(Home, "spotify-token.bin");
    public string KeysPath => Path.Combine(Home, "keys");

    public static ProducerSettings Load(string? homeOverride = null)
    {
        var home = homeOverride
            ?? Environment.GetEnvironmentVariable(HomeVariable)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".recommender-producer");
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Path.GetFullPath(home), "producer.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var defaults = new ProducerSettings { Home = home };
        return defaults with
        {
            IngestionUrl = Url(config["RECOMMENDER_INGESTION_URL"]) ?? defaults.IngestionUrl,
            ApiKey = NullIfEmpty(config["RECOMMENDER_API_KEY"]),
            SpotifyClientId = NullIfEmpty(config["SPOTIFY_CLIENT_ID"]),
            SpotifyAccountsUrl = Url(config["SPOTIFY_ACCOUNTS_URL"]) ?? defaults.SpotifyAccountsUrl,
            SpotifyApiUrl = Url(config["SPOTIFY_API_URL"]) ?? defaults.SpotifyApiUrl,
            RedirectPort = int.TryParse(config["SPOTIFY_REDIRECT_PORT"], out var port) ? port : defaults.RedirectPort,
            CompleteThreshold = Seconds(config["PRODUCER_COMPLETE_SECONDS"]) ?? defaults.CompleteThreshold,
            PollInterval = Seconds(config["PRODUCER_POLL_SECONDS"]) ?? defaults.PollInterval,
            GapTolerance = Seconds(config["PRODUCER_GAP_SECONDS"]) ?? defaults.GapTolerance,
        };
    }

    /// <summary>Base URLs end with a slash so relative paths append instead of replacing the last segment.</summary>
    public static Uri? Url(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ProducerException($"\"{text}\" is not an http(s) URL");
        return uri;
    }

    private static TimeSpan? Seconds(string? text) =>
        double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : null;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary>A failure the person at the keyboard can act on: printed as one line, exit code 1.</summary>
public sealed class ProducerException(string message) : Exception(message);
