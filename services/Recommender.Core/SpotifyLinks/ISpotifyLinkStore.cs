namespace Recommender.Core.SpotifyLinks;

/// <summary>
/// Linked Spotify accounts and pending connects: SQLite on one machine, DynamoDB on AWS. Updates are conditional on
/// the link they started from (its <see cref="SpotifyLink.LinkedAt"/>), so a poll that ends after an unlink or a
/// relink never brings the old link back.
/// </summary>
public interface ISpotifyLinkStore
{
    Task SavePendingAsync(PendingAuthorization pending, CancellationToken cancellationToken);

    /// <summary>Removes and returns the pending connect of <paramref name="state"/>; null when unknown, already taken or expired at <paramref name="now"/>.</summary>
    Task<PendingAuthorization?> TakePendingAsync(string state, DateTimeOffset now, CancellationToken cancellationToken);

    Task<SpotifyLink?> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The user whose link holds this Spotify account, if any (one account feeds one listener).</summary>
    Task<string?> FindUserOfAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Creates the user's link, replacing any earlier one of the same user.</summary>
    Task LinkAsync(SpotifyLink link, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="link"/> only if the stored link of its user is the same link (same LinkedAt); false when it was unlinked or relinked meanwhile.</summary>
    Task<bool> UpdateAsync(SpotifyLink link, CancellationToken cancellationToken);

    /// <summary>Deletes the user's link with its tokens; false when there was none.</summary>
    Task<bool> UnlinkAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Every link, for a polling round (a fan-out on AWS).</summary>
    Task<IReadOnlyList<SpotifyLink>> ListAsync(CancellationToken cancellationToken);
}
