using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace Recommender.AllInOne.Dashboard;

/// <summary>
/// The dashboard at <c>/</c>: the bundle the build made from <c>dashboard/</c> (npm, esbuild), embedded in this assembly,
/// so the host serves it from wherever it runs and nothing is fetched from the web.
/// </summary>
public static class DashboardEndpoints
{
    public const string AssetsPath = "/dashboard";
    private const string ResourcePrefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var assets = Load();
        // the page and its bundle hold no data, so they need no key; the key entered in the page goes with its API calls
        endpoints.MapGet("/", () => Serve(assets, "index.html")).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet(AssetsPath + "/{file}", (string file) => Serve(assets, file)).ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    private static IResult Serve(FrozenDictionary<string, byte[]> assets, string file) =>
        assets.TryGetValue(file, out var bytes)
            ? new DashboardAsset(bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"the dashboard has no file \"{file}\"");

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets[name[ResourcePrefix.Length..]] = copy.ToArray();
        }
        if (!assets.ContainsKey("index.html"))
            throw new InvalidOperationException("the dashboard was not built into this assembly (dashboard/dist): build Recommender.AllInOne with npm on the PATH");
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>One file of the bundle; revalidated on each load, so a rebuilt host never serves a stale page.</summary>
    private sealed class DashboardAsset(byte[] bytes, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = contentType;
            context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            context.Response.ContentLength = bytes.Length;
            return context.Response.Body.WriteAsync(bytes).AsTask();
        }
    }
}
