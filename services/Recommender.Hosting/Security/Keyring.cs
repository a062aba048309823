using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Core.Access;

namespace Recommender.Hosting.Security;

/// <summary>
/// The keys a host accepts: those of the key store (re-read every <see cref="SecurityOptions.KeyRefreshInterval"/>, so the
/// <c>keys</c> verb of another process takes effect) and those seeded from configuration. Also where keys are issued and revoked.
/// </summary>
public sealed class Keyring
{
    private readonly IApiKeyStore? _store;
    private readonly SecurityOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<ApiKey> _configured;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public Keyring(IOptions<SecurityOptions> options, TimeProvider clock, ILogger<Keyring> logger, IApiKeyStore? store)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _store = store;
        _configured = _options.ApiKeys.Select(k => k.Value.ToKey(k.Key)).ToList();
    }

    /// <summary>Who may call now: every active key by id, and whether a key is needed at all.</summary>
    public sealed class Snapshot(IReadOnlyDictionary<string, ApiKey> active, bool keysRequired, DateTimeOffset readAt)
    {
        // Hashed when the presented id is unknown, so a miss takes about as long as a hit.
        private static readonly byte[] Decoy = new byte[32];

        public bool KeysRequired { get; } = keysRequired;
        internal DateTimeOffset ReadAt { get; } = readAt;

        /// <summary>The active key the text is, or null; the digest is compared in constant time.</summary>
        public ApiKey? Authenticate(string? presented)
        {
            var id = ApiKeySecret.KeyIdOf(presented);
            if (id is null) return null;
            var known = active.TryGetValue(id, out var key);
            var matches = ApiKeySecret.Matches(presented!, known ? key!.Sha256 : Decoy);
            return known && matches ? key : null;
        }
    }

    /// <summary>The current keys, re-read from the store when older than the refresh interval.</summary>
    public async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && _clock.GetUtcNow() - snapshot.ReadAt < _options.KeyRefreshInterval) return snapshot;
        // One reader refreshes; the others keep using the previous keys meanwhile rather than queue behind it.
        if (snapshot is not null && !await _refresh.WaitAsync(0, cancellationToken)) return snapshot;
        if (snapshot is null) await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } fresh && fresh != snapshot) return fresh;
            return _snapshot = await ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && snapshot is not null)
        {
            _logger.LogWarning("The API key store could not be read ({Reason}); the keys read at {ReadAt:O} stay in force", e.Message, snapshot.ReadAt);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>A new key; its text is returned here once and kept nowhere.</summary>
    public async Task<(string Text, ApiKey Key)> CreateAsync(IReadOnlySet<string> scopes, string? userId, string? name, CancellationToken cancellationToken)
    {
        var store = Store();
        if (scopes.Count == 0) throw new ArgumentException("a key needs at least one scope");
        if (userId is not null && !ApiKey.IsValidUserId(userId)) throw new ArgumentException("a user id is 1 to 256 characters without control characters");
        if (userId is not null && scopes.Contains(ApiScopes.Admin)) throw new ArgumentException("an admin key acts for the whole platform; it cannot be bound to one user");
        if (name is not null && (name.Length > 100 || name.Any(char.IsControl))) throw new ArgumentException("a key name is at most 100 characters without control characters");
        var (text, keyId) = ApiKeySecret.New();
        var key = new ApiKey(keyId, ApiKeySecret.Digest(text), scopes, userId, name, _clock.GetUtcNow());
        await store.AddAsync(key, cancellationToken);
        _snapshot = null;
        return (text, key);
    }

    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken)
    {
        var revoked = await Store().RevokeAsync(keyId, _clock.GetUtcNow(), cancellationToken);
        _snapshot = null;
        return revoked;
    }

    /// <summary>Every key of the store, revoked ones too, then the configured ones.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        [.. _store is null ? [] : await _store.ListAsync(cancellationToken), .. _configured];

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var stored = _store is null ? [] : await _store.ListAsync(cancellationToken);
        var active = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        foreach (var key in _configured.Concat(stored).Where(k => !k.IsRevoked)) active[key.KeyId] = key;
        // A revoked key still counts as "a key exists": revoking the last key must not open the APIs to everyone.
        var required = _options.RequireApiKeys || _configured.Count > 0 || stored.Count > 0;
        return new Snapshot(active, required, _clock.GetUtcNow());
    }

    private IApiKeyStore Store() =>
        _store ?? throw new InvalidOperationException("no key store here: in AWS mode keys live in the API key secret (see `keys export`), or in Security:ApiKeys");
}
