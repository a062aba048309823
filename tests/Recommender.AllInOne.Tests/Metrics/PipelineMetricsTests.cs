using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.AllInOne.Tests.OpenApi;
using Recommender.Contracts;
using Recommender.Engine.Serving;

namespace Recommender.AllInOne.Tests.Metrics;

/// <summary>
/// One host takes a known amount of traffic (<see cref="MeteredHost"/>); each test reads what an instrument says about it
/// through GET /v1/admin/status (which sums up the host's own instruments) or the Prometheus scrape at /metrics.
/// </summary>
public sealed class PipelineMetricsTests(PipelineMetricsTests.MeteredHost host) : IClassFixture<PipelineMetricsTests.MeteredHost>
{
    [Fact]
    public async Task after_n_acknowledged_events_the_accepted_counter_shows_n_and_the_duplicates_among_them()
    {
        var ingestion = (await host.StatusAsync()).GetProperty("ingestion");

        ingestion.GetProperty("events_accepted").GetInt64().ShouldBe(MeteredHost.Events + MeteredHost.Resent);
        ingestion.GetProperty("events_duplicate").GetInt64().ShouldBe(MeteredHost.Resent);
        ingestion.GetProperty("append_latency").GetProperty("count").GetInt64().ShouldBe(MeteredHost.Batches + 1, "one append per acknowledged request");
        var perSecond = ingestion.GetProperty("events_per_second_last_minute").EnumerateArray().Select(e => e.GetInt64()).ToList();
        perSecond.Count.ShouldBe(60);
        perSecond.Sum().ShouldBeLessThanOrEqualTo(MeteredHost.Events + MeteredHost.Resent);
    }

    [Fact]
    public async Task refused_requests_are_counted_by_reason()
    {
        var rejected = (await host.StatusAsync()).GetProperty("ingestion").GetProperty("batches_rejected");

        rejected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64())
            .ShouldBe(new Dictionary<string, long> { ["invalid"] = 2, ["unsupported_media_type"] = 1 }, ignoreOrder: true);
    }

    [Fact]
    public async Task each_consumer_counts_every_record_it_handled_and_shows_no_lag_once_caught_up()
    {
        var consumers = await Eventually.ValueAsync(async () => (await host.StatusAsync()).GetProperty("consumers").EnumerateArray().ToList(),
            list => list.All(c => c.TryGetProperty("lag", out var lag) && lag.GetInt64() == 0), "every consumer's sampled lag is 0");

        consumers.Select(c => c.GetProperty("name").GetString()).ShouldBe(["hot-path", "profile-aggregator", "archive"], ignoreOrder: true);
        foreach (var consumer in consumers)
        {
            consumer.GetProperty("records_handled").GetInt64().ShouldBe(MeteredHost.Events, consumer.ToString());
            consumer.GetProperty("dead_lettered").GetInt64().ShouldBe(0);
            consumer.GetProperty("dead_letters_waiting").GetInt64().ShouldBe(0);
            consumer.GetProperty("freshness").GetProperty("count").GetInt64().ShouldBeGreaterThanOrEqualTo(1);
        }
    }

    [Fact]
    public async Task serving_latency_counts_each_request_under_its_operation()
    {
        for (var i = 0; i < 3; i++) (await host.Client.GetAsync($"/v1/tracks/{MeteredHost.Track(i)}/related")).EnsureSuccessStatusCode();

        var byOperation = (await host.StatusAsync()).GetProperty("recommendations").GetProperty("by_operation");

        byOperation.GetProperty("GetRelatedTracks").GetProperty("count").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task the_model_gauges_show_the_serving_models_version_and_age()
    {
        var engine = host.Factory.Services.GetRequiredService<EmbeddedRecommender>();

        var model = (await host.StatusAsync()).GetProperty("model");

        model.GetProperty("version").GetInt32().ShouldBe(engine.ModelVersion);
        model.GetProperty("version").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        model.GetProperty("age_seconds").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task the_prometheus_scrape_carries_every_instrument()
    {
        await host.StatusAsync();
        var scrape = await Eventually.ValueAsync(() => host.Client.GetStringAsync("/metrics"),
            text => text.Contains("recommender_model_version", StringComparison.Ordinal), "the scrape has the model gauges");

        foreach (var name in new[]
        {
            "recommender_ingestion_events_accepted_total", "recommender_ingestion_events_duplicate_total", "recommender_ingestion_batches_rejected_total",
            "recommender_ingestion_append_duration_seconds_bucket", "recommender_consumer_records_total", "recommender_consumer_freshness_seconds_bucket",
            "recommender_consumer_lag", "recommender_model_version", "recommender_model_age_seconds",
        })
            scrape.ShouldContain(name);
        // other hosts of this test process publish under the same names, so the scrape's value is at least this host's
        scrape.Split('\n').Where(l => l.StartsWith("recommender_ingestion_events_accepted_total", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeGreaterThanOrEqualTo(MeteredHost.Events + MeteredHost.Resent);
    }

    /// <summary>A host that took <see cref="Events"/> events in <see cref="Batches"/> requests, one of them again, two invalid requests and one not in UTF-8, and trained its first model.</summary>
    public sealed class MeteredHost : IAsyncLifetime
    {
        public const int Batches = 4;
        public const int PerBatch = 15;
        public const int Events = Batches * PerBatch;
        public const int Resent = PerBatch;

        public AllInOneFactory Factory { get; } = new AllInOneFactory().FirstModelAfter(Events);
        public HttpClient Client { get; private set; } = null!;

        public static string Track(int i) => $"metered-t{i % 10:D2}";

        public async Task InitializeAsync()
        {
            Client = Factory.CreateClient();
            var batches = Enumerable.Range(0, Events).Select(i => ConformanceHost.Event($"metered-u{i % 5}", Track(i), i)).Chunk(PerBatch)
                .Select(b => new JsonArray(b.Select(e => (JsonNode)e).ToArray()).ToJsonString()).ToList();
            foreach (var batch in batches) await PostAsync(batch, "application/json", HttpStatusCode.Accepted);
            await PostAsync(batches[0], "application/json", HttpStatusCode.Accepted);
            await PostAsync("[{", "application/json", HttpStatusCode.BadRequest);
            await PostAsync("[]", "application/json", HttpStatusCode.BadRequest);
            await PostAsync("[]", "application/json; charset=iso-8859-1", HttpStatusCode.UnsupportedMediaType);
            await Factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));
            await Factory.WaitForFirstModelAsync();
        }

        private async Task PostAsync(string body, string mediaType, HttpStatusCode expected)
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
            using var response = await Client.PostAsync("/v1/events", content);
            response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        }

        public async Task<JsonElement> StatusAsync()
        {
            using var response = await Client.GetAsync("/v1/admin/status");
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        public Task DisposeAsync()
        {
            Client.Dispose();
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
