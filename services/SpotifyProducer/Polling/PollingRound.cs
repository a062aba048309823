using Recommender.Core.SpotifyLinks;

namespace SpotifyProducer.Polling;

/// <summary>How a round went, account by account.</summary>
public sealed record RoundSummary(IReadOnlyList<PollResult> Results)
{
    public int Posted => Results.Sum(r => r.Posted);
    public int Count(PollOutcome outcome) => Results.Count(r => r.Outcome == outcome);
}

/// <summary>
/// One pass over the linked accounts that are due (active, not waiting out a Retry-After). Accounts are polled one
/// after the other, each on its own: a throttled or failing account is recorded and the round goes on. On AWS the
/// schedule's fan-out hands the same list to SQS instead (<see cref="DueAsync"/>).
/// </summary>
public sealed class PollingRound(ISpotifyLinkStore links, LinkedAccountPoller poller, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> DueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await links.ListAsync(cancellationToken)).Where(l => l.IsDue(now)).Select(l => l.UserId).ToList();
    }

    public async Task<RoundSummary> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<PollResult>();
        foreach (var userId in await DueAsync(cancellationToken)) results.Add(await poller.PollAsync(userId, cancellationToken));
        return new RoundSummary(results);
    }
}
