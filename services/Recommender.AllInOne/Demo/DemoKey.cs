using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Access;
using Recommender.Hosting.Security;
using Spectre.Console;

namespace Recommender.AllInOne.Demo;

/// <summary>
/// The demo's own key, for a data folder that already has keys (the APIs are closed then): "ingest" and "read", named
/// "demo", revoked when the demo stops. A data folder without keys stays open and gets none.
/// </summary>
public sealed class DemoKey(Keyring keyring, string keyId, string text) : IAsyncDisposable
{
    public const string Header = "x-api-key";

    public string Text { get; } = text;

    public static async Task<DemoKey?> IssueIfNeededAsync(IServiceProvider services, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var keyring = services.GetRequiredService<Keyring>();
        if (!(await keyring.CurrentAsync(cancellationToken)).KeysRequired) return null;
        var (text, key) = await keyring.CreateAsync(new SortedSet<string>([ApiScopes.Ingest, ApiScopes.Read]), null, "demo", cancellationToken);
        console.MarkupLineInterpolated($"This data folder has API keys, so the demo made key {key.KeyId} (ingest, read) for itself; it is revoked when the demo stops.");
        return new DemoKey(keyring, key.KeyId, text);
    }

    public async ValueTask DisposeAsync() => await keyring.RevokeAsync(keyId, CancellationToken.None);
}
