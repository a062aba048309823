using System.Net;
using System.Text.Json.Nodes;
using Recommender.Core.Events;

namespace Ingestion.Api.Tests;

public sealed class AcceptanceTests(IngestionApiFactory factory) : IClassFixture<IngestionApiFactory>
{
    [Fact]
    public async Task a_valid_array_is_acknowledged_with_202_only_once_every_event_is_on_the_stream()
    {
        var batch = TestEvents.Batch(40, (_, e) => e["user_id"] = "array-user");

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(batch));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await TestEvents.ReadJsonAsync(response);
        body.GetProperty("accepted").GetInt32().ShouldBe(40);
        body.GetProperty("duplicates").GetInt32().ShouldBe(0);
        var mine = await EventsOfUser("array-user");
        mine.Select(e => e.EventId).ShouldBe(batch.Select(e => e!["event_id"]!.GetValue<string>()), ignoreOrder: true);
    }

    [Fact]
    public async Task an_object_with_an_events_array_is_accepted_too()
    {
        var body = new JsonObject { ["events"] = TestEvents.Batch(3, (_, e) => e["user_id"] = "object-user") };

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await EventsOfUser("object-user")).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_missing_session_id_is_filled_and_a_given_one_is_kept()
    {
        var batch = TestEvents.Batch(2, (i, e) =>
        {
            e["user_id"] = "session-user";
            if (i == 1) e["session_id"] = "my-session";
        });

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(batch));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var stored = (await EventsOfUser("session-user")).ToDictionary(e => e.EventId);
        stored[batch[0]!["event_id"]!.GetValue<string>()].SessionId.ShouldStartWith("auto-");
        stored[batch[1]!["event_id"]!.GetValue<string>()].SessionId.ShouldBe("my-session");
    }

    [Fact]
    public async Task a_redelivered_batch_is_acknowledged_as_duplicates_and_not_written_twice()
    {
        var batch = TestEvents.Batch(5, (_, e) => e["user_id"] = "redelivery-user");
        var client = factory.CreateClient();
        (await client.PostAsync("/v1/events", TestEvents.Json(batch))).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var again = await client.PostAsync("/v1/events", TestEvents.Json(batch));

        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await TestEvents.ReadJsonAsync(again);
        body.GetProperty("accepted").GetInt32().ShouldBe(5);
        body.GetProperty("duplicates").GetInt32().ShouldBe(5);
        (await EventsOfUser("redelivery-user")).Count.ShouldBe(5);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task a_body_that_is_not_json_gets_415(string contentType)
    {
        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(TestEvents.Batch(1).ToJsonString(), contentType));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task a_body_without_a_content_type_gets_415()
    {
        var content = new ByteArrayContent("[]"u8.ToArray());

        using var response = await factory.CreateClient().PostAsync("/v1/events", content);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_body_over_1_MiB_gets_413_and_nothing_is_appended()
    {
        var batch = TestEvents.Batch(200, (_, e) =>
        {
            e["user_id"] = "oversize-user";
            e["padding"] = new string('p', 6_000);
        });
        var bytes = System.Text.Encoding.UTF8.GetBytes(batch.ToJsonString());
        bytes.Length.ShouldBeGreaterThan(1024 * 1024);

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Bytes(bytes));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await EventsOfUser("oversize-user")).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_streamed_body_over_1_MiB_without_content_length_gets_413()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(TestEvents.Batch(200, (_, e) =>
        {
            e["user_id"] = "chunked-user";
            e["padding"] = new string('p', 6_000);
        }).ToJsonString());
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("application/json");

        using var response = await factory.CreateClient().PostAsync("/v1/events", content);

        content.Headers.ContentLength.ShouldBeNull();
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await EventsOfUser("chunked-user")).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_openapi_document_describes_the_endpoint()
    {
        var document = await factory.CreateClient().GetStringAsync("/openapi/v1.json");

        document.ShouldContain("/v1/events");
    }

    private async Task<List<PlaybackEvent>> EventsOfUser(string userId) =>
        (await factory.ReadStreamAsync()).Select(r => EventJson.Deserialize(r.Data.Span)).Where(e => e.UserId == userId).ToList();

    /// <summary>A body whose length the client cannot announce, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
