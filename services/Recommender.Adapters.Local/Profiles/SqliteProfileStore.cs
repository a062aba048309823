using Microsoft.Data.Sqlite;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local.Profiles;

/// <summary>
/// Profiles in SQLite: one row per user (the profile as JSON) and one row per applied event_id, written in
/// the same transaction, so a redelivered event is recognised and counts once.
/// </summary>
public sealed class SqliteProfileStore : IProfileStore
{
    private readonly string _path;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly TimeProvider _clock;

    public SqliteProfileStore(string path, TimeProvider? clock = null)
    {
        _path = path;
        _clock = clock ?? TimeProvider.System;
        using var connection = Sqlite.Open(path);
        Sqlite.Execute(connection, """
            CREATE TABLE IF NOT EXISTS profiles (user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS applied_events (event_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, applied_at INTEGER NOT NULL);
            """);
    }

    public async Task<int> ApplyAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return 0;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = Sqlite.Open(_path);
            await using var transaction = connection.BeginTransaction();
            var profiles = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
            var applied = 0;
            await using var mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = "INSERT OR IGNORE INTO applied_events (event_id, user_id, applied_at) VALUES ($id, $user, $at)";
            var id = mark.Parameters.Add("$id", SqliteType.Text);
            var user = mark.Parameters.Add("$user", SqliteType.Text);
            mark.Parameters.AddWithValue("$at", _clock.GetUtcNow().ToUnixTimeSeconds());
            foreach (var e in events)
            {
                id.Value = e.EventId;
                user.Value = e.UserId;
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
            save.CommandText = "INSERT INTO profiles (user_id, profile) VALUES ($user, $json) ON CONFLICT (user_id) DO UPDATE SET profile = excluded.profile";
            var saveUser = save.Parameters.Add("$user", SqliteType.Text);
            var json = save.Parameters.Add("$json", SqliteType.Text);
            foreach (var profile in profiles.Values)
            {
                saveUser.Value = profile.UserId;
                json.Value = ProfileJson.Serialize(profile);
                await save.ExecuteNonQueryAsync(cancellationToken);
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

    private static async Task<UserProfile?> LoadAsync(SqliteConnection connection, SqliteTransaction? transaction, string userId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT profile FROM profiles WHERE user_id = $user";
        command.Parameters.AddWithValue("$user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? ProfileJson.Deserialize(json) : null;
    }
}
