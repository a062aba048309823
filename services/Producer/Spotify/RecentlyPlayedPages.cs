using System.Runtime.CompilerServices;

namespace Producer.Spotify;

/// <summary>One page of recently-played: its plays oldest first, and the cursor past its newest play.</summary>
public sealed record RecentlyPlayedPage(IReadOnlyList<PlayHistoryItem> Items, long NewestCursor);

/// <summary>
/// recently-played after a cursor, page by page. Spotify keeps only a user's last 50 plays, each listed once it
/// ended (played_at is the end) and only when it lasted more than 30 s; <c>after</c> is exclusive Unix ms.
/// The local backfill and the hosted poller both read through here.
/// </summary>
public static class RecentlyPlayedPages
{
    public const int PageSize = 50;
    private const int MaxPages = 20;

    public static async IAsyncEnumerable<RecentlyPlayedPage> ReadAsync(SpotifyApi api, long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 0; page < MaxPages; page++)
        {
            var recent = await api.RecentlyPlayedAsync(after, cancellationToken);
            // Local files have no Spotify id and cannot be events.
            var items = recent.Items.Where(i => !string.IsNullOrEmpty(i.Track.Id)).OrderBy(i => i.PlayedAt).ToList();
            if (recent.Items.Count == 0) yield break;
            var newest = long.TryParse(recent.Cursors?.After, out var c) ? c : recent.Items.Max(i => i.PlayedAt).ToUnixTimeMilliseconds();
            if (after is { } previous && newest <= previous) yield break;
            yield return new RecentlyPlayedPage(items, newest);
            if (recent.Items.Count < PageSize) yield break;
            after = newest;
        }
    }
}
