using System.Globalization;
using System.Text.Json;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Personalize;

/// <summary>
/// The hot path on Personalize: PutEvents with the events of one user and session per call, at most 10
/// a call. EVENT_VALUE is the fraction played; the INTERACTIONS columns CONTEXT_TYPE and HOUR_OF_DAY go in
/// "properties". A call Personalize refuses for good (a 4xx other than throttling) fails only its events: the other
/// calls go on and <see cref="EventsRefusedException"/> names the refused ones. A failure the client's retries did not
/// get past (throttling, 5xx, no connection) fails that call's events and every call not yet made, which are left for
/// the stream's retry rather than tried against a service that is not answering.
/// </summary>
internal sealed class PersonalizeEventTracker(AwsJsonClient events, string trackingId) : IInteractionTracker
{
    public const int MaxEventsPerCall = 10;
    public const int MaxPropertiesLength = 1024;

    public async Task TrackAsync(IReadOnlyList<PlaybackEvent> batch, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedEvent>();
        string? unavailable = null;
        foreach (var request in Requests(trackingId, batch))
        {
            if (unavailable is not null)
            {
                refused.AddRange(Refused(request, unavailable));
                continue;
            }
            try
            {
                await events.PostAsync("/events", request, PersonalizeJsonContext.Default.PutEventsRequest,
                    PersonalizeJsonContext.Default.PersonalizeEmptyResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (!e.IsRetryable)
            {
                refused.AddRange(Refused(request, e.Message));
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException)
            {
                unavailable = $"Personalize did not take the events: {e.Message}";
                refused.AddRange(Refused(request, unavailable));
            }
        }
        if (refused.Count > 0) throw new EventsRefusedException(refused);
    }

    private static IEnumerable<RefusedEvent> Refused(PutEventsRequest request, string error) =>
        request.EventList.Select(e => new RefusedEvent(request.UserId ?? "", e.EventId ?? "", error));

    /// <summary>Groups by user and session (order kept within a group) and cuts each group into calls of ≤ 10 events.</summary>
    internal static IEnumerable<PutEventsRequest> Requests(string trackingId, IReadOnlyList<PlaybackEvent> batch)
    {
        foreach (var session in batch.Select(SessionIds.EnsureSession).GroupBy(e => (e.UserId, e.SessionId!)))
            foreach (var chunk in session.Chunk(MaxEventsPerCall))
                yield return new PutEventsRequest(trackingId, session.Key.UserId, session.Key.Item2, chunk.Select(ToPersonalize).ToList());
    }

    internal static PersonalizeEvent ToPersonalize(PlaybackEvent e) => new(
        EventType: e.EventType,
        SentAt: e.OccurredAt.ToUnixTimeMilliseconds() / 1000.0,
        EventId: e.EventId,
        EventValue: e.FractionPlayed,
        ItemId: e.TrackId,
        Properties: Properties(e));

    private static string Properties(PlaybackEvent e)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hourOfDay"] = e.OccurredAt.UtcDateTime.Hour.ToString(CultureInfo.InvariantCulture),
        };
        if (e.Context?.Type is { } type) properties["contextType"] = type.Length > 256 ? type[..256] : type;
        var json = JsonSerializer.Serialize(properties, PropertiesJsonContext.Default.DictionaryStringString);
        return json.Length <= MaxPropertiesLength ? json : JsonSerializer.Serialize(
            new Dictionary<string, string> { ["hourOfDay"] = properties["hourOfDay"] }, PropertiesJsonContext.Default.DictionaryStringString);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PropertiesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
