namespace Recommender.Core.Recommendations;

/// <summary>One event a sink refused for good, by its de-duplication key.</summary>
public sealed record RefusedEvent(string UserId, string EventId, string Error);

/// <summary>
/// Some events of a batch were refused while the rest went in (PutEvents takes one user and session a call, so a bad
/// event fails only its call): a consumer reports just the refused events' records as failed, and the others are done.
/// </summary>
public sealed class EventsRefusedException(IReadOnlyList<RefusedEvent> refused)
    : Exception($"{refused.Count} events were refused: {refused[0].Error}{(refused.Count > 1 ? " (and more)" : "")}")
{
    public IReadOnlyList<RefusedEvent> Refused { get; } = refused;
}
