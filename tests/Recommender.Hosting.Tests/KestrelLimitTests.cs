using System.Net;
using System.Net.Sockets;
using System.Text;
using Recommender.Contracts;

namespace Recommender.Hosting.Tests;

/// <summary>Kestrel's own limits, on a real Kestrel: a body past the size limit and headers that never finish are cut off.</summary>
public sealed class KestrelLimitTests
{
    [Fact]
    public async Task a_body_over_the_size_limit_gets_a_413_problem_from_kestrel()
    {
        await using var app = await SecuredApp.StartAsync(new() { ["Security:Http:MaxRequestBodyBytes"] = "1000" });
        using var client = app.Client();

        using var small = await client.PostAsync("/v1/echo", new StringContent(new string('x', 1000)));
        using var large = await client.PostAsync("/v1/echo", new StringContent(new string('x', 1001)));

        small.StatusCode.ShouldBe(HttpStatusCode.OK);
        large.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        large.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task the_default_size_limit_is_the_event_contracts_one_mebibyte()
    {
        await using var app = await SecuredApp.StartAsync();
        using var client = app.Client();

        using var atLimit = await client.PostAsync("/v1/echo", new StringContent(new string('x', 1024 * 1024)));
        using var over = await client.PostAsync("/v1/echo", new StringContent(new string('x', 1024 * 1024 + 1)));

        atLimit.StatusCode.ShouldBe(HttpStatusCode.OK);
        over.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task a_client_that_never_finishes_its_headers_is_disconnected_after_the_headers_timeout()
    {
        await using var app = await SecuredApp.StartAsync(new() { ["Security:Http:RequestHeadersTimeout"] = "00:00:01" });
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, app.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/things HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));

        // Kestrel answers 408 and closes; a read that returns 0 bytes is the close.
        var answer = new StringBuilder();
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        int read;
        while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, read));

        answer.ToString().ShouldStartWith("HTTP/1.1 408");
    }
}
