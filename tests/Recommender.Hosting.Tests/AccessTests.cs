using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts;
using Recommender.Core.Access;

namespace Recommender.Hosting.Tests;

/// <summary>What the key mechanism decides for endpoints of every kind, and how a running host sees keys another process made.</summary>
public sealed class AccessTests
{
    [Fact]
    public async Task an_endpoint_that_declares_no_scope_needs_admin()
    {
        await using var app = await SecuredApp.StartAsync();
        var read = await app.CreateKeyAsync("ingest,read");
        var admin = await app.CreateKeyAsync("admin");

        (await app.Client(read).GetAsync("/v1/admin/secret")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Client(admin).GetAsync("/v1/admin/secret")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_lambda_event_endpoint_needs_an_admin_key_outside_lambda()
    {
        await using var app = await SecuredApp.StartAsync();
        var ingest = await app.CreateKeyAsync("ingest");
        var admin = await app.CreateKeyAsync("admin");

        (await app.Client().PostAsync("/events", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.Client(ingest).PostAsync("/events", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Client(admin).PostAsync("/events", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_key_created_by_another_process_works_after_the_refresh_interval_and_a_revoked_one_stops()
    {
        await using var app = await SecuredApp.StartAsync(new() { ["Security:KeyRefreshInterval"] = "00:00:00.200" });
        (await app.Client().GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK, "no key yet: open");
        // the `keys` verb: its own store over the same keys.db
        var elsewhere = new Recommender.Adapters.Local.Access.SqliteApiKeyStore(Path.Combine(app.DataDirectory, "keys.db"));
        var (text, keyId) = ApiKeySecret.New();
        await elsewhere.AddAsync(new ApiKey(keyId, ApiKeySecret.Digest(text), ApiScopes.Parse("read"), null, null, DateTimeOffset.UtcNow), CancellationToken.None);

        await Eventually.UntilAsync(async () => (await app.Client().GetAsync("/v1/things")).StatusCode == HttpStatusCode.Unauthorized,
            "the host saw the new key and closed the API");
        (await app.Client(text).GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await elsewhere.RevokeAsync(keyId, DateTimeOffset.UtcNow, CancellationToken.None);
        await Eventually.UntilAsync(async () => (await app.Client(text).GetAsync("/v1/things")).StatusCode == HttpStatusCode.Unauthorized,
            "the host saw the key revoked");
    }

    [Fact]
    public async Task a_bad_seeded_key_stops_the_host_naming_the_setting()
    {
        var start = SecuredApp.StartAsync(new()
        {
            ["Security:ApiKeys:0123456789ab:Sha256"] = "not-hex",
            ["Security:ApiKeys:0123456789ab:Scopes"] = "ingest,write",
        });

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(start);
        error.Message.ShouldContain("Security:ApiKeys:0123456789ab:Sha256");
        error.Message.ShouldContain("unknown scope \"write\"");
    }

    [Fact]
    public async Task the_key_store_keeps_digests_only_in_a_file_only_its_owner_can_read()
    {
        await using var app = await SecuredApp.StartAsync();
        var key = await app.CreateKeyAsync("ingest");
        var path = Path.Combine(app.DataDirectory, "keys.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var bytes = string.Join("", Directory.GetFiles(app.DataDirectory, "keys.db*").Select(f => Convert.ToHexString(File.ReadAllBytes(f))));
        bytes.ShouldNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(key[ApiKeySecret.Prefix.Length..])));
        bytes.ShouldContain(Convert.ToHexString(ApiKeySecret.Digest(key)));
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _ = app.Services.GetRequiredService<IApiKeyStore>();
    }
}
