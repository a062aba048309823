using System.Text.Json;
using Producer.Spotify;
using Recommender.Core.SpotifyLinks;

namespace SpotifyProducer.Polling;

/// <summary>The link was deleted or made again while it was being polled: the poll stops and writes nothing more.</summary>
public sealed class LinkGoneException(string userId) : Exception($"the Spotify link of {userId} was removed or replaced during the poll");

/// <summary>
/// One link while it is polled: its latest saved state, and its tokens for the Spotify client (opened from the sealed
/// blob, sealed again and saved before use when Spotify refreshes or rotates them). Every save is conditional on the
/// link still being the one the poll started from.
/// </summary>
public sealed class LinkSession(ISpotifyLinkStore links, ITokenCipher cipher, SpotifyLink link) : ISpotifyTokenStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SpotifyLink Link { get; private set; } = link;

    public async Task<StoredToken?> LoadAsync(CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize(await cipher.OpenAsync(Link.SealedTokens, Link.UserId, cancellationToken), SpotifyJson.Default.StoredToken);

    public async Task SaveAsync(StoredToken token, CancellationToken cancellationToken)
    {
        var sealedTokens = await cipher.SealAsync(JsonSerializer.SerializeToUtf8Bytes(token, SpotifyJson.Default.StoredToken), Link.UserId, cancellationToken);
        await SaveAsync(l => l with { SealedTokens = sealedTokens }, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> to the latest state and saves it; <see cref="LinkGoneException"/> when the link is gone.</summary>
    public async Task SaveAsync(Func<SpotifyLink, SpotifyLink> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var next = change(Link);
            if (!await links.UpdateAsync(next, cancellationToken)) throw new LinkGoneException(Link.UserId);
            Link = next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tokens sealed for <paramref name="userId"/>, for a new link.</summary>
    public static async Task<byte[]> SealAsync(ITokenCipher cipher, StoredToken token, string userId, CancellationToken cancellationToken) =>
        await cipher.SealAsync(JsonSerializer.SerializeToUtf8Bytes(token, SpotifyJson.Default.StoredToken), userId, cancellationToken);
}
