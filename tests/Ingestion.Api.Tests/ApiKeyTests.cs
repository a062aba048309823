using System.Net;

namespace Ingestion.Api.Tests;

public sealed class ApiKeyTests : IDisposable
{
    private const string Key = "k3y-for-tests-only";
    private readonly IngestionApiFactory _factory = new();

    public ApiKeyTests()
    {
        _factory.Settings["Ingestion:ApiKeys:0"] = "another-key";
        _factory.Settings["Ingestion:ApiKeys:1"] = Key;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("k3y-for-tests-onl")]
    public async Task a_request_without_a_known_key_gets_401_and_the_key_is_never_echoed(string? presented)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = TestEvents.Json(TestEvents.Batch(1)) };
        if (presented is not null) request.Headers.TryAddWithoutValidation("x-api-key", presented);

        using var response = await _factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain(Key);
        (await _factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_request_with_a_configured_key_is_accepted()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = TestEvents.Json(TestEvents.Batch(2)) };
        request.Headers.Add("x-api-key", Key);

        using var response = await _factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await _factory.ReadStreamAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task the_probes_need_no_key()
    {
        using var response = await _factory.CreateClient().GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose() => _factory.Dispose();
}
