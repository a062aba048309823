using System.Net;
using DatasetBuilder;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using static Recommender.AllInOne.Tests.OpenApi.ConformanceHost;

namespace Recommender.AllInOne.Tests.OpenApi;

/// <summary>
/// One case per operation of the OpenAPI document ("METHOD /path/{template}"): real requests whose answers
/// <see cref="ApiProbe"/> checks against the document. An endpoint you add to the document needs its case here, or
/// <see cref="OpenApiConformanceTests.every_operation_in_the_document_has_a_conformance_case"/> fails. Cover the success
/// answer and each problem answer a client can cause.
/// </summary>
public static class ConformanceCases
{
    public static readonly IReadOnlyDictionary<string, Func<ApiProbe, Task>> All = new Dictionary<string, Func<ApiProbe, Task>>(StringComparer.Ordinal)
    {
        ["POST /v1/events"] = async probe =>
        {
            var events = new JsonArray(Event("conformance-poster", "conformance-t02", 1), Event("conformance-poster", "conformance-t03", 2, "skip"));
            await probe.PostJsonAsync("/v1/events", ApiProbe.Json(events), HttpStatusCode.Accepted);
            await probe.PostJsonAsync("/v1/events", ApiProbe.Json(new JsonObject { ["events"] = new JsonArray(Event("conformance-poster", "conformance-t04", 3)) }),
                HttpStatusCode.Accepted);
            var bad = Event("conformance-poster", "conformance-t05", 4);
            bad["event_type"] = "hummed";
            bad.Remove("user_id");
            await probe.PostAsync("/v1/events", ApiProbe.Text(ApiProbe.Json(new JsonArray(bad)), "application/json"), HttpStatusCode.BadRequest);
            await probe.PostAsync("/v1/events", ApiProbe.Text("[{", "application/json"), HttpStatusCode.BadRequest);
            await probe.PostAsync("/v1/events", ApiProbe.Text("event_id=1", "text/plain"), HttpStatusCode.UnsupportedMediaType);
            await probe.PostAsync("/v1/events", ApiProbe.Text($"[\"{new string('x', 1024 * 1024)}\"]", "application/json"), HttpStatusCode.RequestEntityTooLarge);
        },
        ["GET /v1/recommendations"] = async probe =>
        {
            await probe.GetAsync($"/v1/recommendations?user_id={Listener}&num_results=5&explain=true", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/recommendations?user_id={UnknownUser}&genres=rock,jazz&exclude_artists=nobody", HttpStatusCode.OK);
            await probe.GetAsync("/v1/recommendations", HttpStatusCode.OK);
            await probe.GetAsync("/v1/recommendations?num_results=0&explain=maybe", HttpStatusCode.BadRequest);
        },
        ["GET /v1/users/{id}/profile"] = async probe =>
        {
            await probe.GetAsync($"/v1/users/{Listener}/profile", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/users/{UnknownUser}/profile", HttpStatusCode.NotFound);
            await probe.GetAsync($"/v1/users/{new string('u', 300)}/profile", HttpStatusCode.BadRequest);
        },
        ["GET /v1/users/{id}/history"] = async probe =>
        {
            await probe.GetAsync($"/v1/users/{Listener}/history?limit=3", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/users/{Listener}/history", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/users/{UnknownUser}/history", HttpStatusCode.NotFound);
            await probe.GetAsync($"/v1/users/{Listener}/history?limit=51", HttpStatusCode.BadRequest);
        },
        ["GET /v1/tracks/{id}"] = async probe =>
        {
            await probe.GetAsync($"/v1/tracks/{KnownTrack}", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/tracks/{UnknownTrack}", HttpStatusCode.NotFound);
            await probe.GetAsync($"/v1/tracks/{new string('t', 300)}", HttpStatusCode.BadRequest);
        },
        ["GET /v1/tracks/{id}/related"] = async probe =>
        {
            await probe.GetAsync($"/v1/tracks/{KnownTrack}/related?num_results=3&explain=true", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/tracks/{UnknownTrack}/related", HttpStatusCode.NotFound);
            await probe.GetAsync($"/v1/tracks/{KnownTrack}/related?num_results=x", HttpStatusCode.BadRequest);
        },
        ["POST /v1/rankings"] = async probe =>
        {
            var request = new JsonObject { ["user_id"] = Listener, ["track_ids"] = new JsonArray("conformance-t01", "conformance-t07", UnknownTrack) };
            await probe.PostJsonAsync("/v1/rankings", ApiProbe.Json(request), HttpStatusCode.OK);
            await probe.PostAsync("/v1/rankings", ApiProbe.Text("""{"user_id": "", "track_ids": []}""", "application/json"), HttpStatusCode.BadRequest);
            await probe.PostAsync("/v1/rankings", ApiProbe.Text("user_id=x", "text/plain"), HttpStatusCode.UnsupportedMediaType);
            await probe.PostAsync("/v1/rankings", ApiProbe.Text($"\"{new string('x', 1024 * 1024)}\"", "application/json"), HttpStatusCode.RequestEntityTooLarge);
        },
        ["GET /v1/users/{id}/stats"] = async probe =>
        {
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await probe.GetAsync($"/v1/users/{Listener}/stats?from={yesterday}&to={today}", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/users/{Listener}/stats", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/users/{UnknownUser}/stats", HttpStatusCode.NotFound);
            await probe.GetAsync($"/v1/users/{Listener}/stats?from={today}&to={yesterday}", HttpStatusCode.BadRequest);
            await probe.GetAsync($"/v1/users/{Listener}/stats?from=2026-02-30", HttpStatusCode.BadRequest);
        },
        ["GET /v1/stats"] = async probe =>
        {
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await probe.GetAsync($"/v1/stats?from={today}&to={today}", HttpStatusCode.OK);
            await probe.GetAsync("/v1/stats?from=2020-01-01&to=2020-01-02", HttpStatusCode.OK);
            await probe.GetAsync("/v1/stats?to=someday", HttpStatusCode.BadRequest);
        },
        ["GET /v1/admin/builds"] = async probe =>
        {
            // a run over the host's little archive: recorded as invalid (too few interactions for Personalize), with its report
            await probe.Services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest(), null, CancellationToken.None);
            await probe.GetAsync("/v1/admin/builds?limit=5", HttpStatusCode.OK);
            await probe.GetAsync("/v1/admin/builds?limit=0", HttpStatusCode.BadRequest);
        },
        ["GET /v1/admin/status"] = async probe =>
        {
            // after a build run and the host's listening: every part of the answer is there (latencies, lag, the model, a build)
            await probe.Services.GetRequiredService<DatasetBuild>().RunAsync(new BuildRequest(), null, CancellationToken.None);
            (await probe.Client.GetAsync("/v1/recommendations?user_id=conformance-listener")).EnsureSuccessStatusCode();
            await probe.GetAsync("/v1/admin/status", HttpStatusCode.OK);
        },
        // the 404 is the AWS mode's (no embedded engine), which no request to this local host can cause
        ["GET /v1/admin/engine"] = async probe => await probe.GetAsync("/v1/admin/engine", HttpStatusCode.OK),
        ["GET /v1/spotify/connect"] = async probe =>
        {
            await probe.GetAsync("/v1/spotify/connect?user_id=conformance-spotify", HttpStatusCode.OK);
            // redirect=true answers 302 to Spotify, which this client would follow: SpotifyProducer.Tests checks it
            await probe.GetAsync("/v1/spotify/connect?redirect=maybe", HttpStatusCode.BadRequest);
        },
        ["GET /v1/spotify/callback"] = async probe =>
        {
            await probe.GetAsync(await SpotifyCallbackAsync(probe, "conformance-spotify"), HttpStatusCode.OK);
            await probe.GetAsync("/v1/spotify/callback?state=never-issued&code=x", HttpStatusCode.BadRequest);
            await probe.GetAsync("/v1/spotify/callback?code=x", HttpStatusCode.BadRequest);
            // the Spotify account is linked already, to another listener
            await probe.GetAsync(await SpotifyCallbackAsync(probe, "conformance-spotify-2"), HttpStatusCode.Conflict);
        },
        ["GET /v1/spotify/link/{user}"] = async probe =>
        {
            await probe.Client.GetAsync(await SpotifyCallbackAsync(probe, "conformance-spotify"));
            await probe.GetAsync("/v1/spotify/link/conformance-spotify", HttpStatusCode.OK);
            await probe.GetAsync($"/v1/spotify/link/{UnknownUser}", HttpStatusCode.NotFound);
            await probe.GetAsync($"/v1/spotify/link/{new string('u', 300)}", HttpStatusCode.BadRequest);
        },
        ["DELETE /v1/spotify/link/{user}"] = async probe =>
        {
            await probe.Client.GetAsync(await SpotifyCallbackAsync(probe, "conformance-spotify"));
            await probe.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/spotify/link/conformance-spotify"), HttpStatusCode.NoContent);
            await probe.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/spotify/link/conformance-spotify"), HttpStatusCode.NotFound);
            await probe.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/spotify/link/{new string('u', 300)}"), HttpStatusCode.BadRequest);
        },
    };

    /// <summary>
    /// The callback URL a listener's browser comes back with after approving at the fake Spotify, as a path on the host
    /// (the fake redirects to the configured loopback redirect URI). Always the fake's one account, which only
    /// conformance-spotify may hold.
    /// </summary>
    private static async Task<string> SpotifyCallbackAsync(ApiProbe probe, string userId)
    {
        using var started = await probe.Client.GetAsync($"/v1/spotify/connect?user_id={userId}");
        var authorizeUrl = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["authorize_url"]!.GetValue<string>();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await browser.GetAsync(authorizeUrl);
        return approved.Headers.Location!.PathAndQuery;
    }
}
