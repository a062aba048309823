using Recommender.Core.SpotifyLinks;

namespace Recommender.Contracts;

/// <summary>What every Spotify link store must do, whatever keeps it: each store's test class runs these against its own.</summary>
public abstract class SpotifyLinkStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);

    protected abstract Task<ISpotifyLinkStore> StoreAsync();

    private static SpotifyLink Link(string user, string account, DateTimeOffset? linkedAt = null) => new()
    {
        UserId = user, AccountId = account, DisplayName = $"Listener {user}", SealedTokens = [1, 2, 3, (byte)user.Length],
        LinkedAt = linkedAt ?? Now,
    };

    [Fact]
    public async Task a_link_reads_back_whole_and_is_found_by_its_spotify_account()
    {
        var store = await StoreAsync();
        await store.LinkAsync(Link("u-1", "acc-1"), CancellationToken.None);
        var full = Link("u-2", "acc-2") with
        {
            State = LinkState.RelinkRequired, CursorMs = 1_764_619_200_123, LastPollAt = Now.AddMinutes(1), LastSuccessAt = Now.AddMinutes(2),
            LastError = "Spotify answered 500", LastErrorAt = Now.AddMinutes(3), RetryAfter = Now.AddMinutes(4), EventsPosted = 42,
        };
        await store.LinkAsync(full, CancellationToken.None);

        var read = (await store.GetAsync("u-2", CancellationToken.None)).ShouldNotBeNull();
        read.ShouldBeEquivalentTo(full);
        (await store.GetAsync("u-3", CancellationToken.None)).ShouldBeNull();
        (await store.FindUserOfAccountAsync("acc-1", CancellationToken.None)).ShouldBe("u-1");
        (await store.FindUserOfAccountAsync("acc-9", CancellationToken.None)).ShouldBeNull();
        (await store.ListAsync(CancellationToken.None)).Select(l => l.UserId).Order().ShouldBe(["u-1", "u-2"]);
    }

    [Fact]
    public async Task an_update_of_an_unlinked_or_relinked_account_is_refused()
    {
        var store = await StoreAsync();
        var first = Link("u-1", "acc-1");
        await store.LinkAsync(first, CancellationToken.None);
        (await store.UpdateAsync(first with { CursorMs = 5 }, CancellationToken.None)).ShouldBeTrue();
        (await store.GetAsync("u-1", CancellationToken.None))!.CursorMs.ShouldBe(5);

        // Linked again (a new connect): the poll that started from the first link writes nothing.
        await store.LinkAsync(Link("u-1", "acc-1", Now.AddHours(1)), CancellationToken.None);
        (await store.UpdateAsync(first with { CursorMs = 9 }, CancellationToken.None)).ShouldBeFalse();
        (await store.GetAsync("u-1", CancellationToken.None))!.CursorMs.ShouldBeNull();

        (await store.UnlinkAsync("u-1", CancellationToken.None)).ShouldBeTrue();
        (await store.UnlinkAsync("u-1", CancellationToken.None)).ShouldBeFalse();
        (await store.UpdateAsync(first, CancellationToken.None)).ShouldBeFalse();
        (await store.GetAsync("u-1", CancellationToken.None)).ShouldBeNull();
        (await store.FindUserOfAccountAsync("acc-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_pending_connect_is_taken_once_and_not_after_it_expired()
    {
        var store = await StoreAsync();
        await store.SavePendingAsync(new PendingAuthorization("s-1", "u-1", "verifier-1", "https://x/v1/spotify/callback", Now.AddMinutes(10)), CancellationToken.None);
        await store.SavePendingAsync(new PendingAuthorization("s-2", "u-1", "verifier-2", "https://x/v1/spotify/callback", Now.AddMinutes(10)), CancellationToken.None);

        var taken = (await store.TakePendingAsync("s-1", Now.AddMinutes(9), CancellationToken.None)).ShouldNotBeNull();
        (taken.UserId, taken.CodeVerifier, taken.RedirectUri).ShouldBe(("u-1", "verifier-1", "https://x/v1/spotify/callback"));
        (await store.TakePendingAsync("s-1", Now.AddMinutes(9), CancellationToken.None)).ShouldBeNull();
        (await store.TakePendingAsync("s-2", Now.AddMinutes(10), CancellationToken.None)).ShouldBeNull();
        (await store.TakePendingAsync("s-3", Now, CancellationToken.None)).ShouldBeNull();
    }
}
