using System.Globalization;
using System.Text.Json;

namespace Recommender.Core.Builds;

/// <summary>
/// The ledger of dataset build runs (a port): each run's state, saved after every step, and a lease so that only one
/// process works on a run at a time. Local mode keeps it in the builder's SQLite file (Recommender.Adapters.Local's
/// SqliteRunLedger); AWS mode in a DynamoDB table (Recommender.Adapters.Aws's DynamoDbRunLedger), so a run outlives the
/// Lambda container that started it. AddPlatformAdapters picks one.
/// A run a day makes a small ledger: the queries here read it whole.
/// </summary>
public abstract class RunLedger(TimeProvider time)
{
    /// <summary>How a run is written where a store keeps it as one document.</summary>
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Raised after each save of a run's state (every step boundary), on the saving thread.</summary>
    public event Action<BuildRun>? Saved;

    protected TimeProvider Time => time;

    public abstract Task<BuildRun?> GetAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Takes the run for <paramref name="owner"/> until <paramref name="lease"/> from now, unless another owner holds an unexpired lease.</summary>
    public abstract Task<bool> TryClaimAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken);

    public abstract Task ReleaseAsync(string runId, string owner, CancellationToken cancellationToken);

    /// <summary>Every recorded run, in no particular order.</summary>
    protected abstract Task<IReadOnlyList<BuildRun>> AllAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="run"/> unless a run with its id exists; returns the stored one either way.</summary>
    protected abstract Task<BuildRun> InsertIfAbsentAsync(BuildRun run, CancellationToken cancellationToken);

    /// <summary>Overwrites the state of a recorded run (not its lease).</summary>
    protected abstract Task WriteAsync(BuildRun run, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<BuildRun>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal).Take(limit).ToList();

    /// <summary>Runs still in progress, oldest first.</summary>
    public async Task<IReadOnlyList<BuildRun>> UnfinishedAsync(CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).Where(r => !r.IsFinished).OrderBy(r => r.StartedAt).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();

    /// <summary>The newest run of <paramref name="mode"/> whose model was kept: what is serving now, with its metrics.</summary>
    public async Task<BuildRun?> LastKeptAsync(string mode, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).Where(r => r.Kept == true && r.Mode == mode).MaxBy(r => r.FinishedAt);

    /// <summary>The ids of the runs that published their datasets (succeeded), whatever was decided about their model.</summary>
    public async Task<IReadOnlyList<string>> PublishedRunIdsAsync(CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).Where(r => r.Status == RunStatus.Succeeded).Select(r => r.RunId).ToList();

    /// <summary>The newest run of <paramref name="mode"/> that published its datasets: its watermark is where the datasets end.</summary>
    public async Task<BuildRun?> LastPublishedAsync(string mode, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).Where(r => r.Status == RunStatus.Succeeded && r.Mode == mode).MaxBy(r => r.Watermark);

    /// <summary>Records a new run unless one with that id exists; returns the stored one either way.</summary>
    public Task<BuildRun> CreateAsync(BuildRun run, CancellationToken cancellationToken) =>
        InsertIfAbsentAsync(run with { UpdatedAt = run.StartedAt }, cancellationToken);

    public async Task<BuildRun> SaveAsync(BuildRun run, CancellationToken cancellationToken)
    {
        var saved = run with { UpdatedAt = time.GetUtcNow() };
        await WriteAsync(saved, cancellationToken);
        Saved?.Invoke(saved);
        return saved;
    }

    /// <summary>Fixed-width UTC ISO 8601, which sorts as text in time order (lease expiries are compared as text).</summary>
    protected static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    protected static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
