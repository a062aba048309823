using Recommender.Core.Configuration;
using SpotifyProducer.Linking;

namespace SpotifyProducer;

/// <summary>Settings of the hosted producer, bound from the "SpotifyProducer" section and validated at start.</summary>
public sealed class SpotifyProducerOptions : IValidatedOptions
{
    public const string Section = "SpotifyProducer";

    /// <summary>The platform's Spotify app (PKCE needs no secret). Without it the endpoints answer 503 and nothing is polled.</summary>
    public string? ClientId { get; set; }

    /// <summary>The callback registered in the Spotify app; default: this host's /v1/spotify/callback as the connect request reached it.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>Where the callback sends the browser once done (the dashboard), with <c>spotify=linked</c> or <c>spotify=error</c>; default: a short page.</summary>
    public Uri? ReturnUrl { get; set; }

    public Uri AccountsUrl { get; set; } = new("https://accounts.spotify.com/");
    public Uri ApiUrl { get; set; } = new("https://api.spotify.com/");

    /// <summary>How often every linked account is polled (recently-played keeps only 50 plays: at most about 25 minutes of music).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a started connect waits for its callback.</summary>
    public TimeSpan ConnectExpiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Polls the accounts from a loop in this process; default on in Local mode (on AWS the schedule and SQS do it).</summary>
    public bool? HostedLoop { get; set; }

    /// <summary>
    /// The role this process plays in datasets/deployment/readiness.json, whose AWS dependencies /readyz checks in Aws mode
    /// ("spotify-links": the link function's table and token key); unset, none.
    /// </summary>
    public string? ReadinessRole { get; set; }

    /// <summary>Spotify's HTTP timeout per request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Configured => !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<string> Problems()
    {
        if (PollInterval < TimeSpan.FromSeconds(1)) yield return $"{Section}:PollInterval must be at least 1 second; got {PollInterval}";
        if (ConnectExpiry <= TimeSpan.Zero) yield return $"{Section}:ConnectExpiry must be positive";
        if (RequestTimeout <= TimeSpan.Zero) yield return $"{Section}:RequestTimeout must be positive";
        if (!AccountsUrl.IsAbsoluteUri || !ApiUrl.IsAbsoluteUri) yield return $"{Section}:AccountsUrl and {Section}:ApiUrl must be absolute URLs";
        if (RedirectUri is not null && (!RedirectUri.IsAbsoluteUri || !RedirectUri.AbsolutePath.EndsWith(SpotifyLinkEndpoints.CallbackPath, StringComparison.Ordinal)))
            yield return $"{Section}:RedirectUri must be an absolute URL ending with {SpotifyLinkEndpoints.CallbackPath}";
    }
}
