using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary>The <c>demo</c> verb in-process with tiny numbers, its output redirected as in CI.</summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "all-in-one-demo-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task demo_posts_the_listening_prints_a_summary_and_keeps_serving_recommendations_for_a_demo_user()
    {
        var output = new LockedStringWriter();
        using var stop = new CancellationTokenSource();
        var run = AllInOneCommandLine.InvokeAsync(
            ["demo", "--users", "25", "--events", "2000", "--tracks", "300", "--seed", "7", "--port", "0", "--data-dir", _dataDirectory],
            new InvocationConfiguration { Output = output, Error = output }, stop.Token);

        // longer than the demo's own wait for the consumers (2 min), so that a slow catch-up shows in its summary, not here
        var curl = await Eventually.ValueAsync(() => CurlLine().Match(output.ToString()), m => m.Success || run.IsCompleted,
            "the demo printed the curl line of its summary", TimeSpan.FromMinutes(4));
        if (!curl.Success) throw new InvalidOperationException($"the demo exited with {await run} before printing its summary:\n{output}");

        var text = output.ToString();
        text.ShouldContain("Posted 2,000 of 2,000 events (100%)");
        text.ShouldContain("Events ingested");
        text.ShouldMatch(@"2,000 \(0 already on the stream\)");
        text.ShouldContain("Consumer lag");
        text.ShouldMatch(@"hot-path 0 · profile-aggregator 0 · archive 0|archive 0 · ");
        text.ShouldContain("Example listener syn-u");
        text.ShouldContain("why:");
        text.ShouldNotContain("\u001b[", customMessage: "redirected output has no ANSI escapes");

        using var http = new HttpClient();
        using var response = await http.GetAsync(curl.Groups["url"].Value);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);

        await stop.CancelAsync();
        (await run.WaitAsync(Eventually.Deadline)).ShouldBeOneOf(0, 130);
    }

    [Fact]
    public async Task a_bad_option_is_one_line_on_stderr_and_a_non_zero_exit()
    {
        var output = new LockedStringWriter();

        var exit = await AllInOneCommandLine.InvokeAsync(["demo", "--users", "0"], new InvocationConfiguration { Output = output, Error = output });

        exit.ShouldNotBe(0);
        output.ToString().ShouldContain("--users must be 1 or more");
    }

    [Fact]
    public async Task a_mistyped_verb_is_refused_instead_of_serving()
    {
        var output = new LockedStringWriter();

        var exit = await AllInOneCommandLine.InvokeAsync(["dmeo"], new InvocationConfiguration { Output = output, Error = output });

        exit.ShouldNotBe(0);
        output.ToString().ShouldContain("dmeo");
    }

    [Fact]
    public async Task an_unknown_platform_mode_stops_the_host_with_a_one_line_message()
    {
        var output = new LockedStringWriter();

        var exit = await AllInOneCommandLine.InvokeAsync(["serve", "--port", "0", "--data-dir", _dataDirectory, "--Recommender:Mode=Cloudy"],
            new InvocationConfiguration { Output = output, Error = output });

        exit.ShouldBe(2, "a bad setting is a usage error");
        output.ToString().Trim().ShouldBe("error: Recommender:Mode is \"Cloudy\"; it must be Local or Aws.");
    }

    [GeneratedRegex(@"curl '(?<url>http://127\.0\.0\.1:\d+/v1/recommendations\?user_id=[^']+)'")]
    private static partial Regex CurlLine();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Still held by a closing connection; it is under the temp folder.
        }
    }
}
