using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Recommender.Contracts;
using Recommender.Core.Access;

namespace Recommender.AllInOne.Tests;

/// <summary>The <c>keys</c> verb over a data folder, and a host serving that folder seeing what it did.</summary>
public sealed partial class KeysCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "all-in-one-keys-tests", Guid.NewGuid().ToString("N"));

    private async Task<(int Exit, string Output, string Error)> KeysAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AllInOneCommandLine.InvokeAsync(["keys", .. args, "--data-dir", _dataDirectory], new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task create_prints_the_key_once_on_stdout_and_list_shows_everything_but_the_key()
    {
        var (exit, output, error) = await KeysAsync("create", "--scopes", "ingest,read", "--user", "alice", "--name", "alice's laptop");

        exit.ShouldBe(0, error);
        var key = output.Trim();
        KeyShape().IsMatch(key).ShouldBeTrue(key);
        var keyId = ApiKeySecret.KeyIdOf(key)!;
        error.ShouldContain(keyId);
        error.ShouldNotContain(key);

        var list = await KeysAsync("list");
        list.Exit.ShouldBe(0);
        var row = list.Output.Split('\n').Single(l => l.StartsWith(keyId, StringComparison.Ordinal));
        row.ShouldContain("active");
        row.ShouldContain("ingest,read");
        row.ShouldContain("alice");
        row.ShouldContain("alice's laptop");
        list.Output.ShouldNotContain(key[(ApiKeySecret.Prefix.Length + ApiKeySecret.IdLength + 1)..]);
    }

    [Fact]
    public async Task revoke_marks_a_key_revoked_and_an_unknown_id_is_exit_2()
    {
        var key = (await KeysAsync("create", "--scopes", "read")).Output.Trim();
        var keyId = ApiKeySecret.KeyIdOf(key)!;

        (await KeysAsync("revoke", keyId)).Exit.ShouldBe(0);
        var unknown = await KeysAsync("revoke", "ffffffffffff");

        (await KeysAsync("list")).Output.Split('\n').Single(l => l.StartsWith(keyId, StringComparison.Ordinal)).ShouldContain("revoked");
        unknown.Exit.ShouldBe(2);
        unknown.Error.ShouldContain("no key with id \"ffffffffffff\"");
    }

    [Theory]
    [InlineData("--scopes", "ingest,write", "unknown scope \"write\"")]
    [InlineData("--scopes", "", "at least one scope")]
    [InlineData("--scopes", "admin --user bob", "cannot be bound to one user")]
    public async Task bad_input_is_one_line_and_exit_2(string option, string value, string message)
    {
        var (exit, output, error) = await KeysAsync(["create", option, .. value.Split(' ')]);

        exit.ShouldBe(2);
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain(message);
        output.ShouldBeEmpty();
    }

    [Fact]
    public async Task export_prints_the_active_keys_digests_as_the_aws_secret_and_never_a_key()
    {
        var kept = (await KeysAsync("create", "--scopes", "ingest", "--user", "alice")).Output.Trim();
        var revoked = (await KeysAsync("create", "--scopes", "read")).Output.Trim();
        await KeysAsync("revoke", ApiKeySecret.KeyIdOf(revoked)!);

        var (exit, output, _) = await KeysAsync("export");

        exit.ShouldBe(0);
        output.ShouldNotContain(kept);
        using var secret = JsonDocument.Parse(output);
        var keys = secret.RootElement.GetProperty("keys");
        keys.EnumerateObject().Select(p => p.Name).ShouldBe([ApiKeySecret.KeyIdOf(kept)!]);
        var entry = keys.GetProperty(ApiKeySecret.KeyIdOf(kept)!);
        entry.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(ApiKeySecret.Digest(kept)));
        entry.GetProperty("scopes").GetString().ShouldBe("ingest");
        entry.GetProperty("user_id").GetString().ShouldBe("alice");
    }

    [Fact]
    public async Task a_serving_host_closes_when_the_verb_creates_the_first_key_and_takes_that_key()
    {
        await using var app = AllInOneHost.Build(new HostSettings(_dataDirectory, 0), ["--Security:KeyRefreshInterval=00:00:00.200"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = AllInOneHost.BaseAddress(app) };
        (await http.GetAsync("/v1/recommendations")).StatusCode.ShouldBe(HttpStatusCode.OK, "open before the first key");

        var key = (await KeysAsync("create", "--scopes", "read")).Output.Trim();

        await Eventually.UntilAsync(async () => (await http.GetAsync("/v1/recommendations")).StatusCode == HttpStatusCode.Unauthorized,
            "the host saw the key the verb created");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/recommendations") { Headers = { { "x-api-key", key } } };
        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/builds") { Headers = { { "x-api-key", key } } };
        (await http.SendAsync(admin)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a read key is no admin key");
        await app.StopAsync();
    }

    [GeneratedRegex("^rk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")]
    private static partial Regex KeyShape();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
