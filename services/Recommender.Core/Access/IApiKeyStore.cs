namespace Recommender.Core.Access;

/// <summary>
/// Where API keys are kept (digests only): a SQLite file under the data folder locally. On AWS the keys sit, hashed too, in
/// the Secrets Manager secret the API Gateway authorizer reads, and no store is registered in the services.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>Every key ever created, revoked ones included (so revoking the last key never re-opens the APIs).</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new key; an id already taken throws <see cref="InvalidOperationException"/>.</summary>
    Task AddAsync(ApiKey key, CancellationToken cancellationToken);

    /// <summary>Marks a key revoked; false when no key has that id. Revoking twice keeps the first time.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);
}
