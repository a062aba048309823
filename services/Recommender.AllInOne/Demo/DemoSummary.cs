using System.Text.Json;
using System.Text.RegularExpressions;
using Producer.Simulation;
using Spectre.Console;

namespace Recommender.AllInOne.Demo;

/// <summary>The demo's closing summary, read back through the real HTTP APIs.</summary>
public sealed partial class DemoSummary(IAnsiConsole console, HttpClient http, SyntheticCatalog catalog)
{
    private const int ExampleCount = 8;

    public async Task PrintAsync(EventPoster.Totals totals, TimeSpan posting, IReadOnlyDictionary<string, long?> lag, TimeSpan catchUp,
        string exampleUser, CancellationToken cancellationToken)
    {
        // Let the terminal wrap softly: a hard-wrapped curl line would not paste whole.
        console.Profile.Width = Math.Max(console.Profile.Width, 1_000);
        var rate = totals.Accepted / Math.Max(posting.TotalSeconds, 0.001);
        var table = new Table().Border(TableBorder.Rounded).Title("Summary").HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("Events ingested", Markup.Escape($"{totals.Accepted:N0} ({totals.Duplicates:N0} already on the stream) in {posting.TotalSeconds:N1} s, {totals.Retries:N0} retried batches"));
        table.AddRow("Ingest rate", Markup.Escape($"{rate:N0} events/s over HTTP"));
        table.AddRow("Consumer lag", Markup.Escape(string.Join(" · ", lag.Select(p => $"{p.Key} {p.Value?.ToString("N0") ?? "?"}")) + $" (after {catchUp.TotalSeconds:N1} s)"));
        console.Write(table);

        var profile = await GetJsonAsync($"/v1/users/{Uri.EscapeDataString(exampleUser)}/profile", cancellationToken);
        var topGenres = Names(profile, "top_genres");
        console.MarkupLineInterpolated($"[bold]Example listener {exampleUser}[/]");
        console.WriteLine($"  {profile.GetProperty("plays").GetInt64():N0} plays, {profile.GetProperty("completes").GetInt64():N0} completes, " +
                          $"{profile.GetProperty("skips").GetInt64():N0} skips (skip rate {profile.GetProperty("skip_rate").GetDouble() * 100:0}%)");
        console.WriteLine($"  top genres: {string.Join(", ", Counted(profile, "top_genres").Take(3))}");
        console.WriteLine($"  top artists: {string.Join(", ", Counted(profile, "top_artists").Take(3))}");

        var recommendations = await GetJsonAsync($"/v1/recommendations?user_id={Uri.EscapeDataString(exampleUser)}&num_results={ExampleCount}&explain=true", cancellationToken);
        console.MarkupLineInterpolated($"[bold]Recommended for {exampleUser}[/] (not played yet)");
        var tracks = catalog.Tracks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var rank = 1;
        foreach (var item in recommendations.GetProperty("items").EnumerateArray())
        {
            var id = item.GetProperty("track_id").GetString()!;
            var reason = item.TryGetProperty("reason", out var r) ? r.GetString() : null;
            console.WriteLine($"  {rank++,2}. {Describe(tracks.GetValueOrDefault(id), id)}  score {item.GetProperty("score").GetDouble():0.000}");
            console.WriteLine($"      why: {Why(tracks.GetValueOrDefault(id), topGenres, NameTracks(reason, tracks))}");
        }
        var keyHeader = http.DefaultRequestHeaders.TryGetValues(DemoKey.Header, out var keys) ? $" -H '{DemoKey.Header}: {keys.First()}'" : "";
        console.WriteLine($"Try: curl{keyHeader} '{http.BaseAddress}v1/recommendations?user_id={Uri.EscapeDataString(exampleUser)}&explain=true'");
        console.WriteLine($"Dashboard: {http.BaseAddress}#/listener/{Uri.EscapeDataString(exampleUser)} (listener {exampleUser}; the pipeline at {http.BaseAddress}#/pipeline)");
    }

    private async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    private static string Describe(SyntheticTrack? track, string id) => track is null
        ? id
        : $"\"{track.Metadata.Name}\" by {track.Metadata.Artists?.FirstOrDefault()?.Name ?? "?"} ({string.Join("/", track.Metadata.Genres ?? [])})";

    private static string Why(SyntheticTrack? track, IReadOnlyList<string> topGenres, string? reason)
    {
        var genre = track?.Metadata.Genres?.FirstOrDefault(topGenres.Contains);
        var fit = genre is null ? null : $"{genre} is among this listener's top genres";
        return string.Join("; ", new[] { reason, fit }.Where(s => !string.IsNullOrEmpty(s)).DefaultIfEmpty("(the engine gave no reason)"));
    }

    /// <summary>The engine explains with track ids; a person reads titles.</summary>
    private static string? NameTracks(string? reason, Dictionary<string, SyntheticTrack> tracks) =>
        reason is null ? null : TrackId().Replace(reason, m => tracks.TryGetValue(m.Value, out var t) ? $"\"{t.Metadata.Name}\"" : m.Value);

    [GeneratedRegex(@"syn-t\d+")]
    private static partial Regex TrackId();

    private static IReadOnlyList<string> Names(JsonElement profile, string property) =>
        profile.GetProperty(property).EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Take(3).ToList();

    private static IEnumerable<string> Counted(JsonElement profile, string property) =>
        profile.GetProperty(property).EnumerateArray().Select(e => $"{e.GetProperty("name").GetString()} ({e.GetProperty("count").GetInt64():N0})");
}
