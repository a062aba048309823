using System.Net;

namespace Recommender.Hosting.Tests;

/// <summary>Browsers: no other site may call the APIs unless listed, frame the pages, or sniff a type; pages get a strict CSP.</summary>
public sealed class CorsAndHeadersTests
{
    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/v1/things")
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "GET" },
            { "Access-Control-Request-Headers", "x-api-key" },
        },
    };

    [Fact]
    public async Task by_default_no_origin_is_allowed_to_call_from_a_browser()
    {
        await using var app = await SecuredApp.StartAsync();
        using var client = app.Client();

        using var preflight = await client.SendAsync(Preflight("https://evil.example"));
        using var get = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/things") { Headers = { { "Origin", "https://evil.example" } } });

        preflight.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        get.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task a_listed_origin_may_send_the_api_key_header_and_others_still_may_not()
    {
        await using var app = await SecuredApp.StartAsync(new() { ["Security:Cors:AllowedOrigins:0"] = "https://dashboard.example" });
        using var client = app.Client();

        using var allowed = await client.SendAsync(Preflight("https://dashboard.example"));
        using var refused = await client.SendAsync(Preflight("https://evil.example"));

        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://dashboard.example"]);
        string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ShouldContain("x-api-key");
        refused.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task a_bad_origin_in_the_settings_stops_the_host_naming_it()
    {
        var start = SecuredApp.StartAsync(new() { ["Security:Cors:AllowedOrigins:0"] = "dashboard.example/path" });

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(start);
        error.Message.ShouldContain("dashboard.example/path");
    }

    [Fact]
    public async Task an_html_page_gets_the_page_policy_with_frame_ancestors_none_and_nosniff()
    {
        await using var app = await SecuredApp.StartAsync();

        using var response = await app.Client().GetAsync("/page");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
    }

    [Fact]
    public async Task the_api_reference_page_may_run_its_inline_start_script_but_still_only_from_and_to_this_origin()
    {
        await using var app = await SecuredApp.StartAsync();

        using var response = await app.Client().GetAsync("/docs/");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        csp.ShouldContain("script-src 'self' 'unsafe-inline'");
        csp.ShouldContain("connect-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
    }

    [Theory]
    [InlineData("/v1/things")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task every_other_answer_errors_included_gets_a_policy_that_allows_nothing(string path)
    {
        await using var app = await SecuredApp.StartAsync();

        using var response = await app.Client().GetAsync(path);

        response.Headers.GetValues("Content-Security-Policy").ShouldBe(["default-src 'none'; frame-ancestors 'none'"]);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task a_401_carries_the_headers_too()
    {
        await using var app = await SecuredApp.StartAsync();
        await app.CreateKeyAsync("read");

        using var response = await app.Client().GetAsync("/v1/things");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }
}
