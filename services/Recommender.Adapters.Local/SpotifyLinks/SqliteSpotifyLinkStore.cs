using Microsoft.Data.Sqlite;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Local.SpotifyLinks;

/// <summary>Linked Spotify accounts and pending connects in one SQLite file; tokens only as the cipher sealed them.</summary>
public sealed class SqliteSpotifyLinkStore : ISpotifyLinkStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public SqliteSpotifyLinkStore(string path)
    {
        _connection = Sqlite.Open(path);
        Sqlite.Execute(_connection, """
            CREATE TABLE IF NOT EXISTS spotify_links (
                user_id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL UNIQUE,
                display_name TEXT,
                sealed_tokens BLOB NOT NULL,
                linked_at_ms INTEGER NOT NULL,
                state TEXT NOT NULL,
                cursor_ms INTEGER,
                last_poll_ms INTEGER,
                last_success_ms INTEGER,
                last_error TEXT,
                last_error_ms INTEGER,
                retry_after_ms INTEGER,
                events_posted INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS spotify_pending (
                state TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                code_verifier TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                expires_ms INTEGER NOT NULL);
            """);
    }

    public Task SavePendingAsync(PendingAuthorization pending, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            Run(tx, "INSERT INTO spotify_pending (state, user_id, code_verifier, redirect_uri, expires_ms) VALUES ($s, $u, $v, $r, $e)",
                ("$s", pending.State), ("$u", pending.UserId), ("$v", pending.CodeVerifier), ("$r", pending.RedirectUri), ("$e", Ms(pending.ExpiresAt)));
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    public Task<PendingAuthorization?> TakePendingAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            PendingAuthorization? pending = null;
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = "DELETE FROM spotify_pending WHERE state = $s RETURNING user_id, code_verifier, redirect_uri, expires_ms";
                command.Parameters.AddWithValue("$s", state);
                using var reader = command.ExecuteReader();
                if (reader.Read()) pending = new PendingAuthorization(state, reader.GetString(0), reader.GetString(1), reader.GetString(2), At(reader.GetInt64(3)));
            }
            // Connects never called back go with the next callback, so the table stays as small as the connects in flight.
            Run(tx, "DELETE FROM spotify_pending WHERE expires_ms <= $now", ("$now", Ms(now)));
            tx.Commit();
            return Task.FromResult(pending is not null && pending.ExpiresAt > now ? pending : null);
        }
    }

    public Task<SpotifyLink?> GetAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Select("WHERE user_id = $u", ("$u", userId)).FirstOrDefault());

    public Task<string?> FindUserOfAccountAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(Select("WHERE account_id = $a", ("$a", accountId)).FirstOrDefault()?.UserId);

    public Task<IReadOnlyList<SpotifyLink>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SpotifyLink>>(Select("ORDER BY user_id"));

    public Task LinkAsync(SpotifyLink link, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            Run(tx, "DELETE FROM spotify_links WHERE user_id = $u", ("$u", link.UserId));
            Run(tx, """
                INSERT INTO spotify_links (user_id, account_id, display_name, sealed_tokens, linked_at_ms, state, cursor_ms, last_poll_ms,
                    last_success_ms, last_error, last_error_ms, retry_after_ms, events_posted)
                VALUES ($u, $a, $d, $t, $l, $s, $c, $p, $ok, $err, $errAt, $retry, $n)
                """, Columns(link));
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(SpotifyLink link, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var changed = Run(tx, """
                UPDATE spotify_links SET account_id = $a, display_name = $d, sealed_tokens = $t, state = $s, cursor_ms = $c,
                    last_poll_ms = $p, last_success_ms = $ok, last_error = $err, last_error_ms = $errAt, retry_after_ms = $retry, events_posted = $n
                WHERE user_id = $u AND linked_at_ms = $l
                """, Columns(link));
            tx.Commit();
            return Task.FromResult(changed == 1);
        }
    }

    public Task<bool> UnlinkAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var deleted = Run(tx, "DELETE FROM spotify_links WHERE user_id = $u", ("$u", userId));
            Run(tx, "DELETE FROM spotify_pending WHERE user_id = $u", ("$u", userId));
            tx.Commit();
            return Task.FromResult(deleted == 1);
        }
    }

    private List<SpotifyLink> Select(string where, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"""
                SELECT user_id, account_id, display_name, sealed_tokens, linked_at_ms, state, cursor_ms, last_poll_ms, last_success_ms,
                    last_error, last_error_ms, retry_after_ms, events_posted FROM spotify_links {where}
                """;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            using var reader = command.ExecuteReader();
            var links = new List<SpotifyLink>();
            while (reader.Read())
            {
                links.Add(new SpotifyLink
                {
                    UserId = reader.GetString(0),
                    AccountId = reader.GetString(1),
                    DisplayName = reader.IsDBNull(2) ? null : reader.GetString(2),
                    SealedTokens = (byte[])reader.GetValue(3),
                    LinkedAt = At(reader.GetInt64(4)),
                    State = Enum.Parse<LinkState>(reader.GetString(5)),
                    CursorMs = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    LastPollAt = AtOrNull(reader, 7),
                    LastSuccessAt = AtOrNull(reader, 8),
                    LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
                    LastErrorAt = AtOrNull(reader, 10),
                    RetryAfter = AtOrNull(reader, 11),
                    EventsPosted = reader.GetInt64(12),
                });
            }
            return links;
        }
    }

    private static (string, object?)[] Columns(SpotifyLink link) =>
    [
        ("$u", link.UserId), ("$a", link.AccountId), ("$d", link.DisplayName), ("$t", link.SealedTokens), ("$l", Ms(link.LinkedAt)),
        ("$s", link.State.ToString()), ("$c", link.CursorMs), ("$p", MsOrNull(link.LastPollAt)), ("$ok", MsOrNull(link.LastSuccessAt)),
        ("$err", link.LastError), ("$errAt", MsOrNull(link.LastErrorAt)), ("$retry", MsOrNull(link.RetryAfter)), ("$n", link.EventsPosted),
    ];

    private int Run(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
    private static long? MsOrNull(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    private static DateTimeOffset? AtOrNull(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : At(reader.GetInt64(i));

    public void Dispose() => _connection.Dispose();
}
