using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts;
using Recommender.Core.Streaming;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// The fast part of the fuzz proof (docs/reliability.md has the long one): generated malformed requests to both APIs get
/// no 5xx, every error is an RFC 7807 problem, and the stream holds exactly the events of the acknowledged requests.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly AllInOneFactory _factory = new();

    [Fact]
    public async Task malformed_requests_to_both_apis_get_problems_never_a_5xx_and_append_nothing()
    {
        var client = _factory.CreateClient();
        var failures = new List<string>();
        var appended = 0;
        foreach (var request in MalformedRequests.Generate(seed: 16, count: 1_200))
        {
            using var message = request.ToMessage();
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // the in-memory test server cannot carry %00 in a path; the long run over Kestrel sends it (a 400 there)
                continue;
            }
            using var _ = response;
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500) failures.Add($"{status} for {request}: {body}");
            else if (status >= 400 && !IsProblem(response, body, status)) failures.Add($"{status} without a problem for {request}: {body}");
            else if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var answer = JsonDocument.Parse(body).RootElement;
                appended += answer.GetProperty("accepted").GetInt32() - answer.GetProperty("duplicates").GetInt32();
            }
        }

        failures.ShouldBeEmpty();
        (await StreamRecordsAsync()).ShouldBe(appended, "the stream holds the events of acknowledged requests and nothing of a refused one");
    }

    private static bool IsProblem(HttpResponseMessage response, string body, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        var problem = JsonDocument.Parse(body).RootElement;
        return problem.TryGetProperty("status", out var s) && s.GetInt32() == status && problem.TryGetProperty("title", out _);
    }

    private async Task<long> StreamRecordsAsync()
    {
        var reader = _factory.Services.GetRequiredService<IStreamReader>();
        long count = 0;
        foreach (var shard in await reader.ListShardsAsync(CancellationToken.None))
            count += (await reader.ReadAsync($"fuzz-{Guid.NewGuid():N}", shard, int.MaxValue, CancellationToken.None)).Count;
        return count;
    }

    public void Dispose() => _factory.Dispose();
}
