using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recommender.AllInOne.Tests.OpenApi;

/// <summary>
/// Sends a case's requests to the real host and checks each answer against the operation's document: the status is one
/// it lists, the media type is the one listed for that status, and the body validates against the listed schema. A request
/// body expected to succeed is checked against the documented request schema too.
/// </summary>
public sealed class ApiProbe(HttpClient client, OpenApiContract contract, string operation, IServiceProvider services)
{
    private readonly List<int> _statuses = [];

    public HttpClient Client => client;

    /// <summary>The host's services, for a case that needs state only a background job makes (a dataset build run).</summary>
    public IServiceProvider Services => services;
    public string Operation => operation;

    /// <summary>The statuses answered so far, in order.</summary>
    public IReadOnlyList<int> Statuses => _statuses;

    public Task<JsonElement> GetAsync(string url, HttpStatusCode expected) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), expected);

    public Task<JsonElement> PostJsonAsync(string url, string json, HttpStatusCode expected)
    {
        if ((int)expected is >= 200 and < 300)
        {
            var schema = contract.RequestSchema(operation, "application/json")
                         ?? throw new InvalidOperationException($"{operation} documents no request body, yet the case sends one");
            using var sent = JsonDocument.Parse(json);
            var errors = OpenApiContract.Check(schema, sent.RootElement);
            errors.ShouldBeEmpty($"{operation}: a request the service accepts does not match the documented request body:\n{string.Join("\n", errors)}");
        }
        return PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), expected);
    }

    public Task<JsonElement> PostAsync(string url, HttpContent content, HttpStatusCode expected) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content }, expected);

    public async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            _statuses.Add(status);
            response.StatusCode.ShouldBe(expected, $"{request.Method} {request.RequestUri}: {body}");
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var schema = contract.ResponseSchema(operation, status, mediaType ?? "");
            if (schema is null)
            {
                body.ShouldBeEmpty($"{operation} {status}: the document promises no body");
                return default;
            }
            body.ShouldNotBeEmpty($"{operation} {status}: the document promises a body");
            using var document = JsonDocument.Parse(body);
            var errors = OpenApiContract.Check(schema, document.RootElement);
            errors.ShouldBeEmpty($"{operation} {status} does not match its document:\n{string.Join("\n", errors)}\nbody: {body}");
            return document.RootElement.Clone();
        }
    }

    public static StringContent Text(string text, string mediaType) =>
        new(text, Encoding.UTF8, new MediaTypeHeaderValue(mediaType).MediaType!);

    public static string Json(JsonNode node) => node.ToJsonString();
}
