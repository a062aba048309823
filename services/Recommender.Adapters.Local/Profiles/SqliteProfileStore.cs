using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local.Profiles;

/// <summary>
/// Profiles in SQLite: one row per user (the profile in <see cref="ProfileCodec"/>'s compact binary; JSON text in older files) and one row per applied (user_id, event_id), written in
/// the same transaction, so a redelivered event is recognised and counts once. Applied ids are remembered for the
/// de-duplication window and then forgotten, so the table does not grow with the whole history.
/// </summary>
public sealed class SqliteProfileStore : IProfileStore
{
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(1);
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;

    /// <param name="deduplicationWindow">How long an applied (user_id, event_id) is remembered; default <see cref="EventContract.DefaultDeduplicationWindow"/>.</param>
    public SqliteProfileStore(string path, TimeProvider? time = null, TimeSpan? deduplicationWindow = null)
    {
        _path = path;
        _time = time ?? TimeProvider.System;
        _window = deduplicationWindow ?? EventContract.DefaultDeduplicationWindow;
        if (_window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(deduplicationWindow), "the de-duplication window must be positive");
        using var connection = Sqlite.Open(path);
        ProfileSchema.Ensure(connection);
    }

    public async Task<int> ApplyAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return 0;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            await using var connection = Sqlite.Open(_path);
            await using var transaction = connection.BeginTransaction();
            var profiles = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
            var applied = 0;
            await using var mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = "INSERT OR IGNORE INTO applied_events (user_id, event_id, applied_at) VALUES ($user, $id, $at)";
            var user = mark.Parameters.Add("$user", SqliteType.Text);
            var id = mark.Parameters.Add("$id", SqliteType.Text);
            mark.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            foreach (var e in events)
            {
                user.Value = e.UserId;
                id.Value = e.EventId;
                if (await mark.ExecuteNonQueryAsync(cancellationToken) == 0) continue;
                if (!profiles.TryGetValue(e.UserId, out var profile))
                {
                    profile = await LoadAsync(connection, transaction, e.UserId, cancellationToken) ?? new UserProfile { UserId = e.UserId };
                    profiles[e.UserId] = profile;
                }
                ProfileAggregator.Apply(profile, e);
                applied++;
            }
            await using var save = connection.CreateCommand();
            save.Transaction = transaction;
            save.CommandText = "INSERT INTO profiles (user_id, profile) VALUES ($user, $row) ON CONFLICT (user_id) DO UPDATE SET profile = excluded.profile";
            var saveUser = save.Parameters.Add("$user", SqliteType.Text);
            var row = save.Parameters.Add("$row", SqliteType.Blob);
            foreach (var profile in profiles.Values)
            {
                saveUser.Value = profile.UserId;
                row.Value = ProfileCodec.Write(profile);
                await save.ExecuteNonQueryAsync(cancellationToken);
            }
            if (now - _lastTrim >= TrimInterval)
            {
                await ForgetOlderThanWindowAsync(connection, transaction, now, cancellationToken);
                _lastTrim = now;
            }
            await transaction.CommitAsync(cancellationToken);
            return applied;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        return await LoadAsync(connection, null, userId, cancellationToken);
    }

    private async Task ForgetOlderThanWindowAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var forget = connection.CreateCommand();
        forget.Transaction = transaction;
        forget.CommandText = "DELETE FROM applied_events WHERE applied_at < $cutoff";
        forget.Parameters.AddWithValue("$cutoff", (now - _window).ToUnixTimeMilliseconds());
        await forget.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<UserProfile?> LoadAsync(SqliteConnection connection, SqliteTransaction? transaction, string userId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT profile FROM profiles WHERE user_id = $user";
        command.Parameters.AddWithValue("$user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is { } stored and not DBNull ? ProfileCodec.Read(stored) : null;
    }
}
