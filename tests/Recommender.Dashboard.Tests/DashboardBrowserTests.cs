using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Recommender.AllInOne;
using Recommender.Contracts;

namespace Recommender.Dashboard.Tests;

/// <summary>
/// The dashboard over the demo's data in Debian's chromium: its charts are drawn, a listener's new event shows in their
/// history and recommendations without a reload, the pipeline page fills in, a phone-sized window does not scroll
/// sideways, and nothing is logged as an error. Screenshots go to artifacts/dashboard/ beside the test assembly.
/// </summary>
public sealed class DashboardBrowserTests(DemoInChromium demo) : IClassFixture<DemoInChromium>
{
    private static readonly float Wait = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;
    private readonly string _artifacts = demo.Artifacts;
    private readonly IBrowser _browser = demo.Browser;
    private readonly Uri _baseAddress = demo.BaseAddress;
    private readonly string _listener = demo.Listener;
    private readonly List<string> _errors = [];

    [Fact]
    public async Task the_listener_page_draws_its_charts_and_shows_a_new_event_in_history_and_recommendations_without_a_reload()
    {
        var page = await OpenAsync(1280, 900, $"#/listener/{Uri.EscapeDataString(_listener)}");
        foreach (var chart in new[] { "#chart-genres", "#chart-artists", "#chart-hours", "#chart-skips" }) await ShouldBeDrawnAsync(page, chart);
        await WaitForAsync(page, "() => document.querySelectorAll('#recommendations li[data-track-id]').length > 0", "recommendations listed");
        await WaitForAsync(page, "() => document.querySelectorAll('#history tbody tr[data-track-id]').length > 0", "history listed");
        (await page.Locator("#recommendations li .reason").CountAsync()).ShouldBeGreaterThan(0, "recommendations come with reasons");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_artifacts, "listener-laptop.png"), FullPage = true });

        var track = (await page.Locator("#recommendations li[data-track-id]").First.GetAttributeAsync("data-track-id"))!;
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await PostCompleteAsync(_listener, track);
        await WaitForAsync(page, $"() => document.querySelector('#history tbody tr[data-track-id=\"{track}\"]') !== null",
            $"the new event of {track} shows in the history");
        await WaitForAsync(page, $"() => document.querySelector('#recommendations li[data-track-id=\"{track}\"]') === null",
            $"{track}, now played, leaves the recommendations");
        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the page was not reloaded");

        await page.Locator("#recommendations li[data-track-id]").First.ClickAsync();
        await WaitForAsync(page, "() => document.querySelectorAll('#related-tracks li[data-track-id]').length > 0", "related tracks listed on click");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_artifacts, "listener-after-event.png"), FullPage = true });

        await page.Locator("#nav-pipeline").ClickAsync();
        await ShouldBeDrawnAsync(page, "#chart-ingest");
        await ShouldBeDrawnAsync(page, "#chart-lag");
        await WaitForAsync(page, "() => document.querySelectorAll('#consumers tbody tr').length === 3", "the three consumers listed");
        (await page.Locator("#stat-accepted").InnerTextAsync()).ShouldBe("3,001", "the demo's events and the test's");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_artifacts, "pipeline-laptop.png"), FullPage = true });
        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("moving between pages does not reload");

        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task on_a_phone_the_listener_page_fits_the_width_and_draws_its_charts()
    {
        var page = await OpenAsync(390, 844, $"#/listener/{Uri.EscapeDataString(_listener)}");
        await ShouldBeDrawnAsync(page, "#chart-genres");
        await ShouldBeDrawnAsync(page, "#chart-hours");
        await WaitForAsync(page, "() => document.querySelectorAll('#recommendations li[data-track-id]').length > 0", "recommendations listed");

        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no sideways scrolling");
        await page.ScreenshotAsync(new() { Path = Path.Combine(_artifacts, "listener-phone.png"), FullPage = true });
        _errors.ShouldBeEmpty();
    }

    private async Task<IPage> OpenAsync(int width, int height, string fragment)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, DeviceScaleFactor = width < 600 ? 2 : 1 });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") lock (_errors) _errors.Add($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => { lock (_errors) _errors.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) => { lock (_errors) _errors.Add($"request failed: {request.Url} {request.Failure}"); };
        var response = await page.GotoAsync(new Uri(_baseAddress, "/" + fragment).ToString(), new() { Timeout = Wait });
        response.ShouldNotBeNull().Status.ShouldBe((int)HttpStatusCode.OK);
        return page;
    }

    /// <summary>ECharts drew the chart as SVG shapes inside its container.</summary>
    private static async Task ShouldBeDrawnAsync(IPage page, string chart) =>
        await WaitForAsync(page, $"() => document.querySelectorAll('{chart} svg path, {chart} svg rect').length > 3", $"{chart} drawn");

    private static async Task WaitForAsync(IPage page, string condition, string what)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = Wait, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            throw new ShouldAssertException($"not true within {Wait / 1000} s: {what}");
        }
    }

    private async Task PostCompleteAsync(string user, string track)
    {
        var occurred = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var batch = new JsonArray(new JsonObject
        {
            ["event_id"] = $"dashboard-test-{Guid.NewGuid():N}", ["user_id"] = user, ["track_id"] = track, ["event_type"] = "complete",
            ["occurred_at"] = occurred, ["ms_played"] = 200_000, ["track_duration_ms"] = 200_000,
        });
        using var http = new HttpClient { BaseAddress = _baseAddress };
        using var response = await http.PostAsync("/v1/events", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The demo (small numbers, a port of its own) and one chromium for the tests of the class.</summary>
public sealed partial class DemoInChromium : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _stop = new();
    private readonly LockedStringWriter _output = new();
    private Task<int>? _demo;
    private IPlaywright? _playwright;

    public string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string Listener { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: apt-get install -y chromium (./test.sh installs it)");
        Directory.CreateDirectory(Artifacts);
        var output = _output;
        _demo = AllInOneCommandLine.InvokeAsync(
            ["demo", "--users", "40", "--events", "3000", "--tracks", "400", "--seed", "11", "--port", "0", "--data-dir", _dataDirectory],
            new InvocationConfiguration { Output = output, Error = output }, _stop.Token);
        var printed = await Eventually.ValueAsync(() => DashboardLine().Match(Printed()), m => m.Success || _demo.IsCompleted,
            "the demo printed the dashboard's URL", TimeSpan.FromMinutes(4));
        if (!printed.Success) throw new InvalidOperationException($"the demo exited with {await _demo} before printing its summary:\n{Printed()}");
        BaseAddress = new Uri(printed.Groups["base"].Value);
        Listener = Uri.UnescapeDataString(printed.Groups["user"].Value);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
    }

    private string Printed() => _output.ToString();

    [GeneratedRegex(@"Dashboard: (?<base>http://[^/\s]+/)#/listener/(?<user>\S+)")]
    private static partial Regex DashboardLine();

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _stop.CancelAsync();
        if (_demo is not null) await _demo.WaitAsync(Eventually.Deadline);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // still held by a closing connection; it is under the temp folder
        }
    }
}
