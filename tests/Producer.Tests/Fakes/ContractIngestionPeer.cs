using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Events;

namespace Producer.Tests.Fakes;

/// <summary>
/// Stands in for the ingestion API's HTTP contract until the real one is on main: validates with the
/// same EventBatchParser, de-duplicates by event_id, and can be switched down (503) or throttling (429).
/// </summary>
public sealed class ContractIngestionPeer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PlaybackEvent> _stored = new();
    private LoopbackServer _server = null!;
    private int _posts;

    public Uri BaseUrl => _server.BaseUrl;
    public IReadOnlyDictionary<string, PlaybackEvent> Stored => _stored;
    public int Posts => _posts;
    public string? LastApiKey { get; private set; }
    public volatile int StatusWhileDown;
    public volatile bool Down;
    public volatile int RetryAfterSeconds;

    public static async Task<ContractIngestionPeer> StartAsync()
    {
        var peer = new ContractIngestionPeer();
        peer._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/events", peer.Post));
        return peer;
    }

    private async Task<IResult> Post(HttpRequest request)
    {
        Interlocked.Increment(ref _posts);
        LastApiKey = request.Headers["x-api-key"];
        if (Down)
        {
            request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            return Results.Problem(statusCode: StatusWhileDown == 0 ? 503 : StatusWhileDown, title: "down for the test");
        }
        if (request.ContentType?.StartsWith("application/json") != true) return Results.Problem(statusCode: 415, title: "JSON only");
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (body.Length > EventContract.MaxRequestBytes) return Results.Problem(statusCode: 413, title: "too large");
        var result = EventBatchParser.Parse(body.ToArray(), DateTimeOffset.UtcNow);
        if (!result.IsValid)
            return Results.Problem(statusCode: 400, title: "invalid events", extensions: new Dictionary<string, object?>
            {
                ["errors"] = result.Errors.Select(e => new { index = e.Index, field = e.Field, message = e.Message }).ToList(),
            });
        var duplicates = result.Events.Count(e => !_stored.TryAdd(e.EventId, e));
        return Results.Json(new { accepted = result.Events.Count, duplicates }, statusCode: 202);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
