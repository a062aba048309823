using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Spotify.Fakes;

/// <summary>One Spotify listener of the fake: their profile, their player, their play history and the faults their calls meet.</summary>
public sealed class FakeSpotifyAccount
{
    /// <summary>Spotify keeps this many plays in recently-played.</summary>
    public const int HistoryKept = 50;

    private readonly List<JsonObject> _history = [];

    public FakeSpotifyAccount(string userId, string accountId, TimeProvider time)
    {
        UserId = userId;
        AccountId = accountId;
        Player = new FakePlayer(time, (track, playedAt, context) => AddPlay(track, playedAt, context));
    }

    /// <summary>The profile's <c>id</c> (Spotify: may change; not for linking).</summary>
    public string UserId { get; }

    /// <summary>The profile's <c>account_id</c> (Spotify: immutable, use it for account linking).</summary>
    public string AccountId { get; }

    public string DisplayName { get; set; } = "Fake Listener";
    public FakePlayer Player { get; }

    /// <summary>Scripted currently-playing bodies (null: 204); while any wait, they are served instead of the player's state.</summary>
    public ConcurrentQueue<Func<JsonObject?>> CurrentlyPlaying { get; } = new();

    /// <summary>Status codes the next Web API calls of this account answer with, one each (429 carries Retry-After).</summary>
    public ConcurrentQueue<int> ApiFaults { get; } = new();

    /// <summary>A status every Web API call of this account answers with while set (an account that keeps failing).</summary>
    public int? PersistentFault { get; set; }

    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>Development Mode: only users added to the app's allowlist in the dashboard (at most 5) may call the Web API.</summary>
    public bool Allowlisted { get; set; } = true;

    public int ApiCalls;

    /// <summary>The plays Spotify answers recently-played from: the newest <see cref="HistoryKept"/>, newest first.</summary>
    public IReadOnlyList<JsonObject> History
    {
        get
        {
            lock (_history) return _history.OrderByDescending(PlayedAt).Take(HistoryKept).ToList();
        }
    }

    /// <summary>A play as recently-played lists it: <c>played_at</c> is when it ended.</summary>
    public void AddPlay(JsonObject track, DateTimeOffset playedAt, JsonObject? context = null)
    {
        var item = new JsonObject
        {
            ["track"] = track.DeepClone(),
            ["played_at"] = playedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["context"] = context?.DeepClone(),
        };
        lock (_history)
        {
            _history.Add(item);
            // Spotify forgets all but the last 50.
            if (_history.Count > HistoryKept) _history.Remove(_history.OrderBy(PlayedAt).First());
        }
    }

    public static DateTimeOffset PlayedAt(JsonObject item) => DateTimeOffset.Parse(item["played_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
