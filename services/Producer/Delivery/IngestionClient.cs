using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Producer.Outbox;

namespace Producer.Delivery;

public enum PostOutcome
{
    /// <summary>202: every event of the batch is durably on the stream (new or a duplicate).</summary>
    Accepted,

    /// <summary>400: the batch will never be accepted as it is; <see cref="PostResult.Errors"/> says which events and why.</summary>
    Rejected,

    /// <summary>413: too big; send fewer events at once.</summary>
    TooLarge,

    /// <summary>429, 503, other 5xx, network down: keep the events and try later.</summary>
    RetryLater,

    /// <summary>401/403: the API key is missing, wrong or lacks the ingest scope; waiting will not fix it.</summary>
    Refused,
}

public sealed record PostResult(PostOutcome Outcome, int Status, string Message)
{
    public int Accepted { get; init; }
    public int Duplicates { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Per-event reasons of a 400, by index in the batch; a null index concerns the whole batch.</summary>
    public IReadOnlyList<(int? Index, string Message)> Errors { get; init; } = [];
}

/// <summary>POST {base}/v1/events with a JSON array of events, the way the ingestion API's contract states.</summary>
public sealed class IngestionClient(HttpClient http, Uri baseUrl, string? apiKey, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Uri _endpoint = new(baseUrl, "v1/events");

    public async Task<PostResult> PostAsync(IReadOnlyList<OutboxEntry> batch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(OutboxEntry.JsonArray(batch)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(apiKey)) request.Headers.Add("x-api-key", apiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new PostResult(PostOutcome.RetryLater, 0, $"the ingestion API at {_endpoint} is unreachable: {e.GetBaseException().Message}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.Accepted or HttpStatusCode.OK => Accepted(body, batch.Sum(r => r.Count)),
                HttpStatusCode.BadRequest => Rejected(body),
                HttpStatusCode.RequestEntityTooLarge => new PostResult(PostOutcome.TooLarge, status, "413: the batch is too large"),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new PostResult(PostOutcome.Refused, status, $"{status} {response.ReasonPhrase}: {Title(body)}"),
                _ => new PostResult(PostOutcome.RetryLater, status, $"{status} {response.ReasonPhrase}: {Title(body)}")
                {
                    RetryAfter = RetryAfter(response),
                },
            };
        }
    }

    private static PostResult Accepted(string body, int count)
    {
        int accepted = count, duplicates = 0;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("accepted", out var a) && a.TryGetInt32(out var n)) accepted = n;
            if (json.RootElement.TryGetProperty("duplicates", out var d) && d.TryGetInt32(out var m)) duplicates = m;
        }
        catch (JsonException)
        {
            // A 202 is the acknowledgement; the counts are only for the summary.
        }
        return new PostResult(PostOutcome.Accepted, 202, $"accepted {accepted}, duplicates {duplicates}") { Accepted = accepted, Duplicates = duplicates };
    }

    /// <summary>Reads RFC 7807 problem details; "errors" may be a list of {index, field, message} or a map of field to messages.</summary>
    private static PostResult Rejected(string body)
    {
        var errors = new List<(int?, string)>();
        var title = Title(body);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errors", out var list))
            {
                if (list.ValueKind == JsonValueKind.Array)
                    foreach (var e in list.EnumerateArray())
                    {
                        int? index = e.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : null;
                        var field = e.TryGetProperty("field", out var f) ? f.ToString() : "";
                        var message = e.TryGetProperty("message", out var m) ? m.ToString() : e.ToString();
                        errors.Add((index, $"{field}: {message}".TrimStart(':', ' ')));
                    }
                else if (list.ValueKind == JsonValueKind.Object)
                    foreach (var p in list.EnumerateObject())
                        errors.Add((IndexOf(p.Name), $"{p.Name}: {p.Value}"));
            }
        }
        catch (JsonException)
        {
            // Not problem details: the whole batch is rejected with the raw reason.
        }
        if (errors.Count == 0) errors.Add((null, title));
        return new PostResult(PostOutcome.Rejected, 400, $"400: {title}") { Errors = errors };
    }

    /// <summary>"events[3].user_id" or "[3].user_id" → 3.</summary>
    private static int? IndexOf(string key)
    {
        var open = key.IndexOf('[');
        var close = key.IndexOf(']');
        return open >= 0 && close > open && int.TryParse(key.AsSpan(open + 1, close - open - 1), out var i) ? i : null;
    }

    private static string Title(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                var title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
                return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
            }
        }
        catch (JsonException)
        {
        }
        return body.Length > 200 ? body[..200] : body;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - _clock.GetUtcNow();
        return null;
    }
}
