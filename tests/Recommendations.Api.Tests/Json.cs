using System.Text.Json;

namespace Recommendations.Api.Tests;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static List<string> TrackIds(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("track_id").GetString()!).ToList();

    /// <summary>The names of the parameters a 400 problem says are wrong.</summary>
    public static async Task<List<string>> BadParametersAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await ReadAsync(response);
        return body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList();
    }
}
