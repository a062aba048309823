using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary>The demo on a data folder that already has API keys: it makes a key for itself, shows it in the curl line, and revokes it when it stops.</summary>
public sealed partial class DemoWithKeysTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "all-in-one-demo-keys-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task the_demo_runs_on_a_closed_data_folder_with_a_key_of_its_own_revoked_when_it_stops()
    {
        var created = new StringWriter();
        (await AllInOneCommandLine.InvokeAsync(["keys", "create", "--scopes", "admin", "--data-dir", _dataDirectory],
            new InvocationConfiguration { Output = created, Error = new StringWriter() })).ShouldBe(0);
        var output = new LockedStringWriter();
        using var stop = new CancellationTokenSource();

        var run = AllInOneCommandLine.InvokeAsync(
            ["demo", "--users", "10", "--events", "300", "--tracks", "200", "--seed", "3", "--port", "0", "--data-dir", _dataDirectory],
            new InvocationConfiguration { Output = output, Error = output }, stop.Token);
        var curl = await Eventually.ValueAsync(() => CurlLine().Match(output.ToString()), m => m.Success || run.IsCompleted,
            "the demo printed its curl line with its key", TimeSpan.FromMinutes(4));
        if (!curl.Success) throw new InvalidOperationException($"the demo exited with {await run} before its summary:\n{output}");

        output.ToString().ShouldContain("Posted 300 of 300 events");
        using var http = new HttpClient();
        using var withKey = new HttpRequestMessage(HttpMethod.Get, curl.Groups["url"].Value) { Headers = { { "x-api-key", curl.Groups["key"].Value } } };
        (await http.SendAsync(withKey)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(curl.Groups["url"].Value)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await stop.CancelAsync();
        (await run.WaitAsync(Eventually.Deadline)).ShouldBeOneOf(0, 130);
        var list = new StringWriter();
        await AllInOneCommandLine.InvokeAsync(["keys", "list", "--data-dir", _dataDirectory], new InvocationConfiguration { Output = list, Error = list });
        list.ToString().Split('\n').Single(l => l.EndsWith("demo", StringComparison.Ordinal)).ShouldContain("revoked");
    }

    [GeneratedRegex(@"curl -H 'x-api-key: (?<key>rk_[^']+)' '(?<url>http://127\.0\.0\.1:\d+/v1/recommendations\?user_id=[^']+)'")]
    private static partial Regex CurlLine();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
