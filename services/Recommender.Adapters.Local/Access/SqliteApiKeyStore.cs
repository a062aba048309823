using System.Globalization;
using Microsoft.Data.Sqlite;
using Recommender.Core.Access;

namespace Recommender.Adapters.Local.Access;

/// <summary>
/// API keys in keys.db under the data folder: digests, scopes, user binding, revocation time. The file is made readable
/// by its owner only; it holds no key, but its digests are still nobody else's business.
/// </summary>
public sealed class SqliteApiKeyStore : IApiKeyStore
{
    private readonly string _path;

    public SqliteApiKeyStore(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        if (!File.Exists(_path) && !OperatingSystem.IsWindows())
            File.Create(_path, 0, FileOptions.None).Dispose();
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var c = Sqlite.Open(_path);
        Sqlite.Execute(c, """
            CREATE TABLE IF NOT EXISTS api_keys (
              key_id TEXT PRIMARY KEY, sha256 BLOB NOT NULL, scopes TEXT NOT NULL, user_id TEXT, name TEXT,
              created_at TEXT NOT NULL, revoked_at TEXT);
            """);
    }

    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        using var c = Sqlite.Open(_path);
        using var select = c.CreateCommand();
        select.CommandText = "SELECT key_id, sha256, scopes, user_id, name, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id";
        using var reader = select.ExecuteReader();
        var keys = new List<ApiKey>();
        while (reader.Read())
        {
            keys.Add(new ApiKey(
                reader.GetString(0),
                (byte[])reader[1],
                ApiScopes.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Parse(reader.GetString(5)),
                reader.IsDBNull(6) ? null : Parse(reader.GetString(6))));
        }
        return Task.FromResult<IReadOnlyList<ApiKey>>(keys);
    }

    public Task AddAsync(ApiKey key, CancellationToken cancellationToken)
    {
        using var c = Sqlite.Open(_path);
        using var insert = c.CreateCommand();
        insert.CommandText = """
            INSERT INTO api_keys (key_id, sha256, scopes, user_id, name, created_at, revoked_at)
            VALUES ($id, $sha256, $scopes, $user, $name, $created, $revoked)
            """;
        insert.Parameters.AddWithValue("$id", key.KeyId);
        insert.Parameters.AddWithValue("$sha256", key.Sha256);
        insert.Parameters.AddWithValue("$scopes", ApiScopes.Format(key.Scopes));
        insert.Parameters.AddWithValue("$user", (object?)key.UserId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$name", (object?)key.Name ?? DBNull.Value);
        insert.Parameters.AddWithValue("$created", Format(key.CreatedAt));
        insert.Parameters.AddWithValue("$revoked", key.RevokedAt is { } revoked ? Format(revoked) : DBNull.Value);
        try
        {
            insert.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the id is taken
        {
            throw new InvalidOperationException($"a key with id {key.KeyId} already exists", e);
        }
        return Task.CompletedTask;
    }

    public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var c = Sqlite.Open(_path);
        using var update = c.CreateCommand();
        update.CommandText = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $at) WHERE key_id = $id";
        update.Parameters.AddWithValue("$id", keyId);
        update.Parameters.AddWithValue("$at", Format(at));
        return Task.FromResult(update.ExecuteNonQuery() == 1);
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
