namespace Recommender.Core.SpotifyLinks;

/// <summary>
/// Hands a polling round's due accounts to the pollers, one message per account: SQS FIFO on AWS (a function polls each).
/// On one machine there is none: the hosted loop polls the accounts itself.
/// </summary>
public interface ISpotifyPollQueue
{
    /// <summary>
    /// Enqueues one poll per user. <paramref name="roundId"/> names the round (the schedule's firing), so a round handed
    /// over twice (a retried invocation) enqueues each account once.
    /// </summary>
    Task EnqueueAsync(IReadOnlyList<string> userIds, string roundId, CancellationToken cancellationToken);
}
