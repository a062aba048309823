using Producer.Spotify;

namespace Producer.Tests.Spotify;

/// <summary>
/// A listener's evening on the test clock: what they do to the fake player at given seconds, and the producer
/// polling every few seconds while it runs. Actions due at a poll's second happen before that poll.
/// </summary>
public sealed class ListeningScript(SpotifyTestBed bed)
{
    private readonly DateTimeOffset _t0 = bed.Time.GetUtcNow();
    private readonly SortedDictionary<int, List<Action>> _actions = [];

    public DateTimeOffset At(int second) => _t0.AddSeconds(second);

    public ListeningScript On(int second, Action action)
    {
        if (!_actions.TryGetValue(second, out var list)) _actions[second] = list = [];
        list.Add(action);
        return this;
    }

    /// <summary>Plays the script from <paramref name="from"/> to <paramref name="to"/> (seconds), polling every <paramref name="pollEvery"/> s when a poller is given; the clock ends at <paramref name="to"/>.</summary>
    public async Task RunAsync(int from, int to, SpotifyPoller? poller, int pollEvery = 5)
    {
        var polls = poller is null ? [] : Enumerable.Range(0, (to - from) / pollEvery + 1).Select(k => from + k * pollEvery).ToHashSet();
        foreach (var second in polls.Concat(_actions.Keys.Where(s => s >= from && s <= to)).Distinct().Order())
        {
            // A poll that waited out a Retry-After may have moved the clock on already.
            bed.MoveTo(At(second));
            if (_actions.TryGetValue(second, out var actions))
            {
                foreach (var action in actions) action();
                _actions.Remove(second);
            }
            if (polls.Contains(second)) await poller!.PollAsync(CancellationToken.None);
        }
        bed.MoveTo(At(to));
    }
}
