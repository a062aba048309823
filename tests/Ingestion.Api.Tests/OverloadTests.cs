using System.Net;
using Microsoft.Data.Sqlite;

namespace Ingestion.Api.Tests;

/// <summary>
/// Overload answers 429/503 with Retry-After, never an unbounded queue. The stream is made unavailable
/// for real: another connection holds an exclusive lock on the embedded log's SQLite file.
/// </summary>
public sealed class OverloadTests : IDisposable
{
    private readonly IngestionApiFactory _factory = new();

    public OverloadTests()
    {
        _factory.Settings["Recommender:Stream:AppendTimeout"] = "00:00:03";
        _factory.Settings["Ingestion:MaxConcurrentAppends"] = "1";
        _factory.Settings["Ingestion:AppendSlotWait"] = "00:00:00.050";
        _factory.Settings["Ingestion:RetryAfter"] = "00:00:02";
    }

    [Fact]
    public async Task a_locked_stream_answers_503_or_429_with_retry_after_and_the_same_batch_goes_through_later()
    {
        var client = await WarmClientAsync();
        var batch = TestEvents.Batch(3, (_, e) => e["user_id"] = "locked-user");

        using (await LockStreamAsync())
        {
            using var refused = await client.PostAsync("/v1/events", TestEvents.Json(batch));

            refused.StatusCode.ShouldBeOneOf(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter.ShouldNotBeNull();
            refused.Headers.RetryAfter.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        using var accepted = await client.PostAsync("/v1/events", TestEvents.Json(batch));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await _factory.ReadStreamAsync()).Count(r => r.PartitionKey == "locked-user").ShouldBe(3);
    }

    [Fact]
    public async Task past_the_concurrency_limit_requests_get_503_with_retry_after_instead_of_queueing()
    {
        var client = await WarmClientAsync();

        HttpResponseMessage[] responses;
        using (await LockStreamAsync())
        {
            // One request holds the only append slot while the stream is stuck; the others must not wait behind it.
            responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                client.PostAsync("/v1/events", TestEvents.Json(TestEvents.Batch(2, (_, e) => e["user_id"] = $"crowd-{i}")))));
        }

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter?.Delta == TimeSpan.FromSeconds(2)).ToList();
        limited.Count.ShouldBeGreaterThanOrEqualTo(5, "a request holding the only slot stays stuck for the stream's 3 s append timeout");
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted || r.StatusCode == HttpStatusCode.ServiceUnavailable || r.StatusCode == HttpStatusCode.TooManyRequests);
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task a_stream_that_cannot_write_answers_503_and_readyz_says_why_until_a_write_goes_through()
    {
        var client = await WarmClientAsync();
        var batch = TestEvents.Batch(2, (_, e) => e["user_id"] = "faulty-user");

        // a real failed commit, with reads still working as on a full disk: another connection makes every insert abort
        await AlterStreamAsync("CREATE TRIGGER refuse_writes BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'no room for the record'); END;");
        using (var refused = await client.PostAsync("/v1/events", TestEvents.Json(batch)))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter.ShouldNotBeNull();
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        var degraded = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/readyz"))!;
        degraded["status"]!.GetValue<string>().ShouldBe("Degraded");
        degraded["checks"]!.ToJsonString().ShouldContain("cannot write");

        await AlterStreamAsync("DROP TRIGGER refuse_writes;");
        using (var accepted = await client.PostAsync("/v1/events", TestEvents.Json(batch)))
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/readyz"))!["status"]!.GetValue<string>().ShouldBe("Healthy");
        (await _factory.ReadStreamAsync()).Count(r => r.PartitionKey == "faulty-user").ShouldBe(2);
    }

    private async Task AlterStreamAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "stream.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A client whose first append created the log file, so there is something to lock.</summary>
    private async Task<HttpClient> WarmClientAsync()
    {
        var client = _factory.CreateClient();
        (await client.PostAsync("/v1/events", TestEvents.Json(TestEvents.Batch(1, (_, e) => e["user_id"] = "warm-up")))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return client;
    }

    private async Task<IDisposable> LockStreamAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "stream.db")};Pooling=False");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE;";
            await command.ExecuteNonQueryAsync();
        }
        return connection;
    }

    public void Dispose() => _factory.Dispose();
}
