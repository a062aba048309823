using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Recommender.Core.Events;

namespace Recommender.AllInOne.Demo;

/// <summary>
/// Posts events to <c>POST /v1/events</c> in batches with a few concurrent posters, as a producer would:
/// on 429/503 it waits for Retry-After and re-sends the same batch (the stream de-duplicates by user_id and event_id).
/// </summary>
public sealed class EventPoster(HttpClient http, int batchSize, int posters)
{
    public sealed record Totals(long Accepted, long Duplicates, long Retries);

    private long _accepted, _duplicates, _retries;

    /// <param name="posted">Called with the size of each acknowledged batch (for progress).</param>
    public async Task<Totals> PostAsync(IEnumerable<PlaybackEvent> events, Action<int> posted, CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<List<PlaybackEvent>>(new BoundedChannelOptions(posters * 2) { SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            try
            {
                foreach (var batch in events.Chunk(batchSize))
                    await batches.Writer.WriteAsync([.. batch], cancellationToken);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
                throw;
            }
        }, cancellationToken);
        var readers = Enumerable.Range(0, posters).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                await PostBatchAsync(batch, cancellationToken);
                posted(batch.Count);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll([writer, .. readers]);
        return new Totals(_accepted, _duplicates, _retries);
    }

    private async Task PostBatchAsync(List<PlaybackEvent> batch, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, EventJsonContext.Default.ListPlaybackEvent);
        while (true)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/v1/events", content, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
                Interlocked.Add(ref _accepted, json.RootElement.GetProperty("accepted").GetInt64());
                Interlocked.Add(ref _duplicates, json.RootElement.GetProperty("duplicates").GetInt64());
                return;
            }
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"the ingestion API answered {(int)response.StatusCode}: {problem}");
        }
    }
}
