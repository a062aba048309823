using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Streaming;

/// <summary>
/// The embedded event stream: a durable log in one SQLite file (WAL), sharded by the hash of user_id,
/// with a checkpoint per consumer and shard. One writer task group-commits the batches waiting for it,
/// so many concurrent appends cost one fsync; an append returns only after its commit.
/// An event whose (user_id, event_id) the log has seen within the de-duplication window is not written twice;
/// the window is longer than the retention, so a record still on the log is always recognised.
/// </summary>
public sealed class EmbeddedEventLog : IEventStream, IStreamReader, IAppendSignal, IAsyncDisposable
{
    private readonly string _path;
    private readonly EmbeddedStreamOptions _options;
    private readonly TimeProvider _time;
    private readonly StreamRetention _retention;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _pending;
    private readonly Task _writer;
    private readonly SqliteConnection _writeConnection;
    private TaskCompletionSource _appended = NewSignal();
    private volatile WriteFault? _writeFault;
    private DateTimeOffset _lastTrim;

    /// <param name="deduplicationWindow">How long an event's (user_id, event_id) is remembered; default <see cref="EventContract.DefaultDeduplicationWindow"/>, never shorter than the retention.</param>
    public EmbeddedEventLog(string path, EmbeddedStreamOptions options, TimeProvider? time = null, TimeSpan? deduplicationWindow = null, ILogger? logger = null)
    {
        if (options.ShardCount is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(options), "ShardCount must be 1 to 1024");
        _path = path;
        _options = options;
        _time = time ?? TimeProvider.System;
        var window = deduplicationWindow ?? EventContract.DefaultDeduplicationWindow;
        if (window <= options.Retention)
            throw new ArgumentOutOfRangeException(nameof(deduplicationWindow), "the de-duplication window must be longer than the stream's retention");
        _logger = logger ?? NullLogger.Instance;
        _retention = new StreamRetention(options, window, _logger);
        _writeConnection = Sqlite.Open(path);
        EmbeddedLogSchema.Ensure(_writeConnection);
        _lastTrim = _time.GetUtcNow();
        _pending = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.MaxPendingAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public int ShardCount => _options.ShardCount;

    /// <summary>Why the last commit failed (a full disk, a lock held too long), while no commit has succeeded since; null when the stream writes.</summary>
    public WriteFault? CurrentWriteFault => _writeFault;

    public Task<AppendResult> AppendAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        var records = new RawRecord[events.Count];
        for (var i = 0; i < events.Count; i++)
            records[i] = new RawRecord(events[i].UserId, events[i].EventId, EventJson.Serialize(events[i]));
        return AppendRawAsync(records, cancellationToken);
    }

    /// <summary>Appends records as bytes. The event path goes through <see cref="AppendAsync"/>; this exists for records that are not (yet) events, such as a corrupt one in a test.</summary>
    public async Task<AppendResult> AppendRawAsync(IReadOnlyList<RawRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0) return new AppendResult(0, 0);
        var append = new PendingAppend(records);
        if (!_pending.Writer.TryWrite(append))
            throw new StreamUnavailableException("the embedded stream has too many appends waiting; retry shortly", TimeSpan.FromSeconds(1), throttled: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AppendTimeout);
        try
        {
            return await append.Done.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The batch may still commit; the client retries and the event_id de-duplication absorbs it.
            throw new StreamUnavailableException("the embedded stream did not commit in time; retry shortly", TimeSpan.FromSeconds(1), throttled: false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 256 && _pending.Reader.TryRead(out var next)) batch.Add(next);
            // before the commit, so an acknowledged append has seen every trim that was due when it was written
            TrimIfDue();
            try
            {
                var results = Commit(batch);
                _writeFault = null;
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
                Interlocked.Exchange(ref _appended, NewSignal()).TrySetResult();
            }
            catch (Exception e)
            {
                _writeFault = new WriteFault(_time.GetUtcNow(), e.Message);
                var unavailable = new StreamUnavailableException($"the embedded stream could not write: {e.Message}", TimeSpan.FromSeconds(2), throttled: false, e);
                foreach (var append in batch) append.Done.TrySetException(unavailable);
            }
        }
    }

    private AppendResult[] Commit(List<PendingAppend> batch)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new AppendResult[batch.Count];
        using var transaction = _writeConnection.BeginTransaction();
        using var insert = _writeConnection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO records (shard, partition_key, data, arrived_at) VALUES ($shard, $key, $data, $at)";
        var shard = insert.Parameters.Add("$shard", SqliteType.Integer);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var data = insert.Parameters.Add("$data", SqliteType.Blob);
        insert.Parameters.AddWithValue("$at", now);
        insert.Prepare();
        using var remember = _writeConnection.CreateCommand();
        remember.Transaction = transaction;
        remember.CommandText = "INSERT OR IGNORE INTO seen_events (user_id, event_id, seen_at) VALUES ($user, $id, $at)";
        var user = remember.Parameters.Add("$user", SqliteType.Text);
        var id = remember.Parameters.Add("$id", SqliteType.Text);
        remember.Parameters.AddWithValue("$at", now);
        remember.Prepare();
        for (var b = 0; b < batch.Count; b++)
        {
            int appended = 0, duplicates = 0;
            foreach (var record in batch[b].Records)
            {
                // the partition key is the user id: one listener's event ids never shadow another's
                user.Value = record.PartitionKey;
                id.Value = record.EventId;
                if (remember.ExecuteNonQuery() == 0)
                {
                    duplicates++;
                    continue;
                }
                shard.Value = ShardRouter.ShardOf(record.PartitionKey, _options.ShardCount);
                key.Value = record.PartitionKey;
                data.Value = record.Data;
                insert.ExecuteNonQuery();
                appended++;
            }
            results[b] = new AppendResult(appended, duplicates);
        }
        transaction.Commit();
        return results;
    }

    private void TrimIfDue()
    {
        var now = _time.GetUtcNow();
        if (now - _lastTrim < TimeSpan.FromMinutes(1)) return;
        _lastTrim = now;
        try
        {
            _retention.Trim(_writeConnection, now);
        }
        catch (SqliteException e)
        {
            // a trim that fails (disk full, a reader holding a lock) is tried again at the next one; appends go on
            _logger.LogWarning(e, "The embedded stream could not trim; it tries again in a minute");
        }
    }

    public async Task WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _appended).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    public Task<IReadOnlyList<string>> ListShardsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Enumerable.Range(0, _options.ShardCount).Select(ShardRouter.ShardId).ToList());

    public async Task<IReadOnlyList<StreamRecord>> ReadAsync(string consumer, string shardId, int maxRecords, CancellationToken cancellationToken)
    {
        var shard = ShardRouter.ShardNumber(shardId);
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, partition_key, data, arrived_at FROM records
            WHERE shard = $shard AND seq > coalesce((SELECT seq FROM checkpoints WHERE consumer = $consumer AND shard = $shard), 0)
            ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$consumer", consumer);
        command.Parameters.AddWithValue("$limit", maxRecords);
        var records = new List<StreamRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new StreamRecord(
                shardId,
                reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(1),
                (byte[])reader.GetValue(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }
        return records;
    }

    public async Task CheckpointAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        var shard = ShardRouter.ShardNumber(shardId);
        if (!long.TryParse(sequenceNumber, out var seq)) throw new ArgumentException($"\"{sequenceNumber}\" is not a sequence number of this stream", nameof(sequenceNumber));
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO checkpoints (consumer, shard, seq) VALUES ($consumer, $shard, $seq)
            ON CONFLICT (consumer, shard) DO UPDATE SET seq = max(seq, excluded.seq)
            """;
        command.Parameters.AddWithValue("$consumer", consumer);
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$seq", seq);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long?> GetLagAsync(string consumer, CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        long lag = 0;
        for (var shard = 0; shard < _options.ShardCount; shard++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT count(*) FROM records WHERE shard = $shard
                AND seq > coalesce((SELECT seq FROM checkpoints WHERE consumer = $consumer AND shard = $shard), 0)
                """;
            command.Parameters.AddWithValue("$shard", shard);
            command.Parameters.AddWithValue("$consumer", consumer);
            lag += (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        return lag;
    }

    /// <summary>Records each consumer lost to retention (trimmed before it read them), for the readiness probe and operators.</summary>
    public async Task<IReadOnlyList<RetentionLoss>> RetentionLossesAsync(CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        cancellationToken.ThrowIfCancellationRequested();
        return StreamRetention.Losses(connection);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        _writeConnection.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="Since">When the failed commit was tried.</param>
    public sealed record WriteFault(DateTimeOffset Since, string Error);

    /// <param name="PartitionKey">The user id: the shard key, and with <paramref name="EventId"/> the de-duplication key.</param>
    public sealed record RawRecord(string PartitionKey, string EventId, byte[] Data);

    private sealed class PendingAppend(IReadOnlyList<RawRecord> records)
    {
        public IReadOnlyList<RawRecord> Records { get; } = records;
        public TaskCompletionSource<AppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
