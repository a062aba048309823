using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recommender.Core.Builds;

namespace Recommender.Adapters.Local.Builds;

/// <summary>
/// The run ledger as the runs table of a SQLite file: for local mode, where the data folder outlives the process. The
/// builder's own file (builds/builder.db) holds it, beside the staging tables, as it always has.
/// </summary>
public sealed class SqliteRunLedger : RunLedger
{
    private readonly string _path;

    public SqliteRunLedger(string path, TimeProvider time) : base(time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _path = path;
        using var c = Open();
        Sqlite.Execute(c, """
            CREATE TABLE IF NOT EXISTS runs (
              run_id TEXT PRIMARY KEY, trigger TEXT NOT NULL, mode TEXT NOT NULL, since_hour TEXT, watermark TEXT NOT NULL,
              started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL, step TEXT NOT NULL,
              counts TEXT, metrics TEXT, baseline TEXT, kept INTEGER, model_version INTEGER, report TEXT, aws_state TEXT,
              lease_owner TEXT, lease_until TEXT);
            """);
    }

    public override Task<BuildRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        using var c = Open();
        return Task.FromResult(Query(c, "SELECT * FROM runs WHERE run_id = $id", ("$id", runId)).FirstOrDefault());
    }

    protected override Task<IReadOnlyList<BuildRun>> AllAsync(CancellationToken cancellationToken)
    {
        using var c = Open();
        return Task.FromResult<IReadOnlyList<BuildRun>>(Query(c, "SELECT * FROM runs"));
    }

    protected override Task<BuildRun> InsertIfAbsentAsync(BuildRun run, CancellationToken cancellationToken)
    {
        using var c = Open();
        using var insert = c.CreateCommand();
        insert.CommandText = """
            INSERT OR IGNORE INTO runs (run_id, trigger, mode, since_hour, watermark, started_at, updated_at, status, step, counts, metrics, baseline, aws_state)
            VALUES ($id, $trigger, $mode, $since, $watermark, $started, $updated, $status, $step, $counts, $metrics, $baseline, $aws)
            """;
        insert.Parameters.AddWithValue("$id", run.RunId);
        insert.Parameters.AddWithValue("$trigger", run.Trigger);
        insert.Parameters.AddWithValue("$mode", run.Mode);
        insert.Parameters.AddWithValue("$since", run.SinceHour is { } since ? Format(since) : DBNull.Value);
        insert.Parameters.AddWithValue("$watermark", Format(run.Watermark));
        insert.Parameters.AddWithValue("$started", Format(run.StartedAt));
        insert.Parameters.AddWithValue("$updated", Format(run.UpdatedAt));
        insert.Parameters.AddWithValue("$status", run.Status);
        insert.Parameters.AddWithValue("$step", run.Step);
        insert.Parameters.AddWithValue("$counts", JsonSerializer.Serialize(run.Counts, Json));
        insert.Parameters.AddWithValue("$metrics", JsonSerializer.Serialize(run.Metrics, Json));
        insert.Parameters.AddWithValue("$baseline", JsonSerializer.Serialize(run.Baseline, Json));
        insert.Parameters.AddWithValue("$aws", JsonSerializer.Serialize(run.Aws, Json));
        insert.ExecuteNonQuery();
        return Task.FromResult(Query(c, "SELECT * FROM runs WHERE run_id = $id", ("$id", run.RunId)).Single());
    }

    protected override Task WriteAsync(BuildRun run, CancellationToken cancellationToken)
    {
        using var c = Open();
        using var update = c.CreateCommand();
        update.CommandText = """
            UPDATE runs SET since_hour = $since, updated_at = $updated, finished_at = $finished, status = $status, step = $step, counts = $counts,
              metrics = $metrics, baseline = $baseline, kept = $kept, model_version = $version, report = $report, aws_state = $aws
            WHERE run_id = $id
            """;
        update.Parameters.AddWithValue("$id", run.RunId);
        update.Parameters.AddWithValue("$since", run.SinceHour is { } since ? Format(since) : DBNull.Value);
        update.Parameters.AddWithValue("$updated", Format(run.UpdatedAt));
        update.Parameters.AddWithValue("$finished", run.FinishedAt is { } finished ? Format(finished) : DBNull.Value);
        update.Parameters.AddWithValue("$status", run.Status);
        update.Parameters.AddWithValue("$step", run.Step);
        update.Parameters.AddWithValue("$counts", JsonSerializer.Serialize(run.Counts, Json));
        update.Parameters.AddWithValue("$metrics", JsonSerializer.Serialize(run.Metrics, Json));
        update.Parameters.AddWithValue("$baseline", JsonSerializer.Serialize(run.Baseline, Json));
        update.Parameters.AddWithValue("$kept", run.Kept is { } k ? (k ? 1 : 0) : DBNull.Value);
        update.Parameters.AddWithValue("$version", (object?)run.ModelVersion ?? DBNull.Value);
        update.Parameters.AddWithValue("$report", (object?)run.Report ?? DBNull.Value);
        update.Parameters.AddWithValue("$aws", JsonSerializer.Serialize(run.Aws, Json));
        if (update.ExecuteNonQuery() != 1) throw new InvalidOperationException($"run {run.RunId} is not in the ledger");
        return Task.CompletedTask;
    }

    public override Task<bool> TryClaimAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        using var c = Open();
        using var claim = c.CreateCommand();
        claim.CommandText = """
            UPDATE runs SET lease_owner = $owner, lease_until = $until
            WHERE run_id = $id AND (lease_owner IS NULL OR lease_owner = $owner OR lease_until < $now)
            """;
        claim.Parameters.AddWithValue("$id", runId);
        claim.Parameters.AddWithValue("$owner", owner);
        claim.Parameters.AddWithValue("$until", Format(now + lease));
        claim.Parameters.AddWithValue("$now", Format(now));
        return Task.FromResult(claim.ExecuteNonQuery() == 1);
    }

    public override Task ReleaseAsync(string runId, string owner, CancellationToken cancellationToken)
    {
        using var c = Open();
        using var release = c.CreateCommand();
        release.CommandText = "UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE run_id = $id AND lease_owner = $owner";
        release.Parameters.AddWithValue("$id", runId);
        release.Parameters.AddWithValue("$owner", owner);
        release.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private SqliteConnection Open() => Sqlite.Open(_path);

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
                SinceHour = TimeOf(r, "since_hour"),
                Watermark = TimeOf(r, "watermark")!.Value,
                StartedAt = TimeOf(r, "started_at")!.Value,
                UpdatedAt = TimeOf(r, "updated_at")!.Value,
                FinishedAt = TimeOf(r, "finished_at"),
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

    private static DateTimeOffset? TimeOf(SqliteDataReader r, string column) =>
        r.IsDBNull(r.GetOrdinal(column)) ? null : ParseTime(r.GetString(r.GetOrdinal(column)));
}
