namespace Recommender.Core.Access;

/// <summary>
/// An API key as the platform keeps it: never the key itself, only its SHA-256 digest, with what it may do and for whom.
/// </summary>
/// <param name="KeyId">The public part of the key (it is also written inside the key), used to list and revoke it.</param>
/// <param name="Sha256">Digest of the whole key text (UTF-8).</param>
/// <param name="UserId">When set, the key may only post and read this listener's data.</param>
/// <param name="Name">A label for people ("alice's laptop"), optional.</param>
public sealed record ApiKey(
    string KeyId,
    byte[] Sha256,
    IReadOnlySet<string> Scopes,
    string? UserId,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;

    public bool Allows(string scope) => Scopes.Contains(scope);

    /// <summary>The event contract's rule for a user id: 1 to 256 characters, no control characters.</summary>
    public static bool IsValidUserId(string? userId) =>
        !string.IsNullOrWhiteSpace(userId) && userId.Length <= Events.EventContract.MaxIdLength && !userId.Any(char.IsControl);
}
