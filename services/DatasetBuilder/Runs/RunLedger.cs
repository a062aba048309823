using System.Globalization;
using System.Text.Json;
using DatasetBuilder.Staging;
using Microsoft.Data.Sqlite;

namespace DatasetBuilder.Runs;

/// <summary>The runs table: each run's state, saved after every step, and a lease so that only one process works on a run at a time.</summary>
public sealed class RunLedger(BuilderDatabase database, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Raised after each save of a run's state (every step boundary), on the saving thread.</summary>
    public event Action<BuildRun>? Saved;

    public BuildRun? Get(string runId)
    {
        using var c = database.Open();
        return Query(c, "SELECT * FROM runs WHERE run_id = $id", ("$id", runId)).FirstOrDefault();
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<BuildRun> Recent(int limit)
    {
        using var c = database.Open();
        return Query(c, "SELECT * FROM runs ORDER BY started_at DESC, run_id DESC LIMIT $n", ("$n", limit));
    }

    public IReadOnlyList<BuildRun> Unfinished()
    {
        using var c = database.Open();
        return Query(c, "SELECT * FROM runs WHERE status = 'running' ORDER BY started_at", []);
    }

    /// <summary>The last run that read the archive completely: a "since last" build starts at its watermark.</summary>
    public BuildRun? LastRead()
    {
        using var c = database.Open();
        return Query(c, "SELECT * FROM runs WHERE step <> 'read' ORDER BY started_at DESC LIMIT 1", []).FirstOrDefault();
    }

    /// <summary>The newest run of <paramref name="mode"/> whose model was kept: what is serving now, with its metrics.</summary>
    public BuildRun? LastKept(string mode)
    {
        using var c = database.Open();
        return Query(c, "SELECT * FROM runs WHERE kept = 1 AND mode = $mode ORDER BY finished_at DESC LIMIT 1", ("$mode", mode)).FirstOrDefault();
    }

    /// <summary>Records a new run unless one with that id exists; returns the stored one either way.</summary>
    public BuildRun Create(BuildRun run)
    {
        using var c = database.Open();
        using var insert = c.CreateCommand();
        insert.CommandText = """
            INSERT OR IGNORE INTO runs (run_id, trigger, mode, since_hour, watermark, started_at, updated_at, status, step)
            VALUES ($id, $trigger, $mode, $since, $watermark, $started, $started, $status, $step)
            """;
        insert.Parameters.AddWithValue("$id", run.RunId);
        insert.Parameters.AddWithValue("$trigger", run.Trigger);
        insert.Parameters.AddWithValue("$mode", run.Mode);
        insert.Parameters.AddWithValue("$since", (object?)Format(run.SinceHour) ?? DBNull.Value);
        insert.Parameters.AddWithValue("$watermark", Format(run.Watermark));
        insert.Parameters.AddWithValue("$started", Format(run.StartedAt));
        insert.Parameters.AddWithValue("$status", run.Status);
        insert.Parameters.AddWithValue("$step", run.Step);
        insert.ExecuteNonQuery();
        return Query(c, "SELECT * FROM runs WHERE run_id = $id", ("$id", run.RunId)).Single();
    }

    public BuildRun Save(BuildRun run)
    {
        var saved = run with { UpdatedAt = time.GetUtcNow() };
        using var c = database.Open();
        using var update = c.CreateCommand();
        update.CommandText = """
            UPDATE runs SET updated_at = $updated, finished_at = $finished, status = $status, step = $step, counts = $counts,
              metrics = $metrics, baseline = $baseline, kept = $kept, model_version = $version, report = $report, aws_state = $aws
            WHERE run_id = $id
            """;
        update.Parameters.AddWithValue("$id", saved.RunId);
        update.Parameters.AddWithValue("$updated", Format(saved.UpdatedAt));
        update.Parameters.AddWithValue("$finished", (object?)Format(saved.FinishedAt) ?? DBNull.Value);
        update.Parameters.AddWithValue("$status", saved.Status);
        update.Parameters.AddWithValue("$step", saved.Step);
        update.Parameters.AddWithValue("$counts", JsonSerializer.Serialize(saved.Counts, Json));
        update.Parameters.AddWithValue("$metrics", JsonSerializer.Serialize(saved.Metrics, Json));
        update.Parameters.AddWithValue("$baseline", JsonSerializer.Serialize(saved.Baseline, Json));
        update.Parameters.AddWithValue("$kept", saved.Kept is { } k ? (k ? 1 : 0) : DBNull.Value);
        update.Parameters.AddWithValue("$version", (object?)saved.ModelVersion ?? DBNull.Value);
        update.Parameters.AddWithValue("$report", (object?)saved.Report ?? DBNull.Value);
        update.Parameters.AddWithValue("$aws", JsonSerializer.Serialize(saved.Aws, Json));
        update.ExecuteNonQuery();
        Saved?.Invoke(saved);
        return saved;
    }

    /// <summary>Takes the run for <paramref name="owner"/> until <paramref name="lease"/> from now, unless another owner holds an unexpired lease.</summary>
    public bool TryClaim(string runId, string owner, TimeSpan lease)
    {
        var now = time.GetUtcNow();
        using var c = database.Open();
        using var claim = c.CreateCommand();
        claim.CommandText = """
            UPDATE runs SET lease_owner = $owner, lease_until = $until
            WHERE run_id = $id AND (lease_owner IS NULL OR lease_owner = $owner OR lease_until < $now)
            """;
        claim.Parameters.AddWithValue("$id", runId);
        claim.Parameters.AddWithValue("$owner", owner);
        claim.Parameters.AddWithValue("$until", Format(now + lease));
        claim.Parameters.AddWithValue("$now", Format(now));
        return claim.ExecuteNonQuery() == 1;
    }

    public void Release(string runId, string owner)
    {
        using var c = database.Open();
        using var release = c.CreateCommand();
        release.CommandText = "UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE run_id = $id AND lease_owner = $owner";
        release.Parameters.AddWithValue("$id", runId);
        release.Parameters.AddWithValue("$owner", owner);
        release.ExecuteNonQuery();
    }

    private static List<BuildRun> Query(SqliteConnection c, string sql, params (string, object)[] parameters)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var r = command.ExecuteReader();
        var runs = new List<BuildRun>();
        while (r.Read())
        {
            runs.Add(new BuildRun
            {
                RunId = r.GetString(r.GetOrdinal("run_id")),
                Trigger = r.GetString(r.GetOrdinal("trigger")),
                Mode = r.GetString(r.GetOrdinal("mode")),
                SinceHour = Time(r, "since_hour"),
                Watermark = Time(r, "watermark")!.Value,
                StartedAt = Time(r, "started_at")!.Value,
                UpdatedAt = Time(r, "updated_at")!.Value,
                FinishedAt = Time(r, "finished_at"),
                Status = r.GetString(r.GetOrdinal("status")),
                Step = r.GetString(r.GetOrdinal("step")),
                Counts = FromJson<Dictionary<string, long>>(r, "counts") ?? new(StringComparer.Ordinal),
                Metrics = FromJson<Dictionary<string, double>>(r, "metrics") ?? new(StringComparer.Ordinal),
                Baseline = FromJson<Dictionary<string, double>>(r, "baseline") ?? new(StringComparer.Ordinal),
                Kept = r.IsDBNull(r.GetOrdinal("kept")) ? null : r.GetInt64(r.GetOrdinal("kept")) == 1,
                ModelVersion = r.IsDBNull(r.GetOrdinal("model_version")) ? null : r.GetInt32(r.GetOrdinal("model_version")),
                Report = r.IsDBNull(r.GetOrdinal("report")) ? null : r.GetString(r.GetOrdinal("report")),
                Aws = FromJson<AwsRunState>(r, "aws_state") ?? new AwsRunState(),
            });
        }
        return runs;
    }

    private static T? FromJson<T>(SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? default : JsonSerializer.Deserialize<T>(r.GetString(r.GetOrdinal(column)), Json);

    private static DateTimeOffset? Time(SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : DateTimeOffset.Parse(r.GetString(r.GetOrdinal(column)), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // fixed-width UTC ISO 8601 sorts as text in time order
    private static string? Format(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
