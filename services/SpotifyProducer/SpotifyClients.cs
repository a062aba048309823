using Microsoft.Extensions.Options;
using Producer.Spotify;

namespace SpotifyProducer;

/// <summary>How the hosted producer waits between Spotify's retries of a 5xx (a test replaces it to move its clock instead of sleeping).</summary>
public delegate Task SpotifyRetryDelay(TimeSpan wait, CancellationToken cancellationToken);

/// <summary>The Spotify clients of the command-line producer, configured for the platform's app.</summary>
public sealed class SpotifyClients(IHttpClientFactory http, IOptions<SpotifyProducerOptions> options, SpotifyRetryDelay delay, TimeProvider time)
{
    public const string HttpClientName = "spotify";

    /// <summary>Only what polling needs: recently-played (and the profile, which needs no scope).</summary>
    public static readonly string[] Scopes = ["user-read-recently-played"];

    public SpotifyProducerOptions Options => options.Value;

    public SpotifyAccounts Accounts() => new(
        http.CreateClient(HttpClientName), options.Value.AccountsUrl,
        options.Value.ClientId ?? throw new InvalidOperationException("SpotifyProducer:ClientId is not set"), time);

    /// <summary>A Web API client over one account's tokens. A 429 is never waited out inline: the account is skipped until Retry-After.</summary>
    public SpotifyApi Api(ISpotifyTokenStore tokens) =>
        new(http.CreateClient(HttpClientName), options.Value.ApiUrl, new SpotifyTokens(Accounts(), tokens, time),
            (wait, ct) => delay(wait, ct), maxInlineRetryAfter: TimeSpan.Zero, time);
}
