using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Access;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace Recommender.Hosting.Tests;

/// <summary>
/// A small app on the platform's service defaults, served by Kestrel on a loopback port: the security every API gets, over
/// endpoints that declare what they need the way the real ones do.
/// </summary>
public sealed class SecuredApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;
    public Keyring Keys => _app.Services.GetRequiredService<Keyring>();

    private SecuredApp(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri(app.Urls.First());
    }

    public static async Task<SecuredApp> StartAsync(Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hosting-tests", Guid.NewGuid().ToString("N"));
        var args = new List<string> { $"--Recommender:DataDirectory={dataDirectory}" };
        args.AddRange((settings ?? []).Select(s => $"--{s.Key}={s.Value}"));
        var builder = WebApplication.CreateBuilder([.. args]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapGet("/v1/things", () => TypedResults.Ok(new { things = 3 })).RequireApiScope(ApiScopes.Read);
        app.MapGet("/v1/users/{id}/things", (string id) => TypedResults.Ok(new { user = id })).RequireApiScope(ApiScopes.Read)
            .ForCallerUser(CallerUserSource.Route, "id");
        app.MapPost("/v1/echo", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return TypedResults.Ok(new { length = (await reader.ReadToEndAsync()).Length });
        }).RequireApiScope(ApiScopes.Ingest);
        app.MapPost("/events", () => TypedResults.Ok(new { handled = true })).RequireApiScope(ApiScopes.Admin).AcceptLambdaEvents();
        app.MapGet("/v1/admin/secret", () => TypedResults.Ok(new { admin = true }));
        app.MapGet("/page", () => TypedResults.Content("<!doctype html><title>dashboard</title><p>hello</p>", "text/html")).AllowAnonymous();
        await app.StartAsync();
        return new SecuredApp(app, dataDirectory);
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    public async Task<string> CreateKeyAsync(string scopes, string? userId = null) =>
        (await Keys.CreateAsync(ApiScopes.Parse(scopes), userId, null, CancellationToken.None)).Text;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
