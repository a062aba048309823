using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Recommender.Hosting.Security;

/// <summary>
/// Headers that keep a browser from misusing what we send: no content sniffing, no framing by another site, no referrer,
/// and a Content-Security-Policy: the page policy for HTML (the dashboard), the docs policy for the API reference page, and
/// "nothing at all" for JSON and every other answer.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityOptions> options)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    private readonly string _pagePolicy = options.Value.PageContentSecurityPolicy;
    private readonly string _docsPolicy = options.Value.DocsContentSecurityPolicy;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = !IsPage(context.Response.ContentType) ? ApiPolicy
                : context.Request.Path.StartsWithSegments(ServiceDefaults.DocsPath, StringComparison.OrdinalIgnoreCase) ? _docsPolicy
                : _pagePolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsPage(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
