using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recommender.Core.Access;
using Recommender.Core.Configuration;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>keys create|list|revoke|export</c>: the API keys of a data folder (keys.db; digests only). A running host picks up a change
/// within <c>Security:KeyRefreshInterval</c> (2 s). The APIs are open until the first key is created, and stay closed after.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list, revoke and export the API keys of a data folder (once a key exists, every API call needs one)");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        command.Subcommands.Add(ExportKeys());
        return command;
    }

    private static Command CreateKey()
    {
        var dataDir = DataDirOption();
        var scopes = new Option<string>("--scopes") { Description = "comma-separated: ingest (post events), read (recommendations, profiles), admin", Required = true, HelpName = "LIST" };
        var user = new Option<string?>("--user") { Description = "bind the key to one listener: it may only post and read that user's data", HelpName = "USER_ID" };
        var name = new Option<string?>("--name") { Description = "a label for people, e.g. \"alice's laptop\"", HelpName = "TEXT" };
        var command = new Command("create", "Create a key and print it once (stdout); only its SHA-256 digest is kept") { dataDir, scopes, user, name };
        command.SetAction((parse, cancellationToken) => Run(parse, dataDir, createsFolder: true, async (keyring, output, error) =>
        {
            var (text, key) = await keyring.CreateAsync(ApiScopes.Parse(parse.GetValue(scopes)!), parse.GetValue(user), parse.GetValue(name), cancellationToken);
            await output.WriteLineAsync(text);
            await error.WriteLineAsync($"created key {key.KeyId} ({Describe(key)}); it is shown once above and kept nowhere: store it now.");
            await error.WriteLineAsync($"sha256 {Convert.ToHexStringLower(key.Sha256)} (for Security:ApiKeys:{key.KeyId}:Sha256, or `keys export` for AWS)");
            return 0;
        }));
        return command;
    }

    private static Command ListKeys()
    {
        var dataDir = DataDirOption();
        var command = new Command("list", "List the keys (id, scopes, user, name, created, revoked); never a key itself") { dataDir };
        command.SetAction((parse, cancellationToken) => Run(parse, dataDir, createsFolder: false, async (keyring, output, _) =>
        {
            var keys = await keyring.ListAsync(cancellationToken);
            if (keys.Count == 0)
            {
                await output.WriteLineAsync("no keys: the APIs are open to anyone who can reach them (create one with `keys create --scopes ...`)");
                return 0;
            }
            await output.WriteLineAsync($"{"id",-14}{"status",-9}{"scopes",-20}{"user",-20}{"created (UTC)",-18}name");
            foreach (var key in keys)
            {
                var status = key.IsRevoked ? "revoked" : "active";
                var created = key.CreatedAt == DateTimeOffset.UnixEpoch ? "configuration" : key.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                await output.WriteLineAsync($"{key.KeyId,-14}{status,-9}{ApiScopes.Format(key.Scopes),-20}{key.UserId ?? "(any)",-20}{created,-18}{key.Name}");
            }
            return 0;
        }));
        return command;
    }

    private static Command RevokeKey()
    {
        var dataDir = DataDirOption();
        var id = new Argument<string>("id") { Description = "the key's id, as `keys list` shows it" };
        var command = new Command("revoke", "Revoke a key: it stops working within Security:KeyRefreshInterval (2 s) in a running host") { dataDir, id };
        command.SetAction((parse, cancellationToken) => Run(parse, dataDir, createsFolder: false, async (keyring, output, error) =>
        {
            var keyId = parse.GetValue(id)!;
            if (!await keyring.RevokeAsync(keyId, cancellationToken))
            {
                await error.WriteLineAsync($"error: no key with id \"{keyId}\" in this data folder (see `keys list`)");
                return CommandFailure.BadInput;
            }
            await output.WriteLineAsync($"revoked key {keyId}");
            return 0;
        }));
        return command;
    }

    private static Command ExportKeys()
    {
        var dataDir = DataDirOption();
        var command = new Command("export", "Print the active keys' digests as the AWS API key secret: {\"keys\": {id: {sha256, scopes, user_id}}}") { dataDir };
        command.SetAction((parse, cancellationToken) => Run(parse, dataDir, createsFolder: false, async (keyring, output, _) =>
        {
            var keys = new JsonObject();
            foreach (var key in (await keyring.ListAsync(cancellationToken)).Where(k => !k.IsRevoked))
            {
                var entry = new JsonObject { ["sha256"] = Convert.ToHexStringLower(key.Sha256), ["scopes"] = ApiScopes.Format(key.Scopes) };
                if (key.UserId is not null) entry["user_id"] = key.UserId;
                if (key.Name is not null) entry["name"] = key.Name;
                keys[key.KeyId] = entry;
            }
            await output.WriteLineAsync(new JsonObject { ["keys"] = keys }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }));
        return command;
    }

    private static Option<string> DataDirOption() => new("--data-dir")
    {
        Description = "the data folder whose keys.db holds the keys",
        DefaultValueFactory = _ => DataFolder.Default,
        HelpName = "DIR",
    };

    /// <summary>
    /// Opens the data folder's keys through the platform adapters; bad input is one line on stderr and exit 2. Only <c>create</c>
    /// may start a data folder: listing, revoking or exporting the keys of one that is not there is a mistyped path, not "no keys".
    /// </summary>
    private static async Task<int> Run(ParseResult parse, Option<string> dataDir, bool createsFolder, Func<Keyring, TextWriter, TextWriter, Task<int>> work)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!createsFolder && CommandFailure.MissingDataFolder(parse.GetValue(dataDir)!) is { } missing)
            return await CommandFailure.FailAsync(error, CommandFailure.BadInput, missing);
        try
        {
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddEnvironmentVariables()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [PlatformAdapters.DataDirectoryKey] = Path.GetFullPath(parse.GetValue(dataDir)!),
                    [PlatformAdapters.ModeKey] = nameof(PlatformMode.Local),
                })
                .Build();
            var services = new ServiceCollection().AddLogging();
            services.AddPlatformAdapters(configuration);
            services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
            await using var provider = services.BuildServiceProvider();
            var keyring = new Keyring(provider.GetRequiredService<IOptions<SecurityOptions>>(), TimeProvider.System,
                NullLogger<Keyring>.Instance, provider.GetRequiredService<IApiKeyStore>());
            return await work(keyring, output, error);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return CommandFailure.BadInput;
        }
    }

    private static string Describe(ApiKey key) =>
        $"scopes {ApiScopes.Format(key.Scopes)}" + (key.UserId is null ? ", any user" : $", user {key.UserId}") + (key.Name is null ? "" : $", \"{key.Name}\"");
}
