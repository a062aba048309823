using System.IO.Compression;
using Recommender.Core.Events;
using Recommender.Engine.Catalog;
using Recommender.Engine.State;

namespace Recommender.Engine.Serving;

/// <summary>
/// What makes the engine's real-time state survive a restart: events are journaled before they change the memory
/// (<see cref="EngineJournal"/>), the memory is saved now and then as a snapshot with the journal position it covers, and at start the
/// snapshot is loaded and the journal after it replayed through the same code that tracked the events, so the engine is exactly what
/// it was, nothing missing and nothing counted twice (the journal de-duplicates redeliveries by user and event id across restarts).
/// </summary>
public sealed partial class EmbeddedRecommender
{
    private const string StateMagic = "RECSTATE";
    private const int StateFormat = 1;
    private readonly EngineJournal? _journal;
    private readonly SemaphoreSlim _tracking = new(1, 1);
    // the in-memory de-duplication of an engine without a journal, keyed by (user_id, event_id) as everywhere: one listener's event ids never hide another's events
    private readonly HashSet<(string, string)> _seen = [];
    private readonly Queue<(string, string)> _seenOrder = new();
    private long _appliedSeq;
    private string? _statePath;
    private volatile bool _disposed;

    /// <summary>The engine of a host: its state under <c>&lt;DataDirectory&gt;/engine/</c> (journal.db, state.bin) is restored at once.</summary>
    public static EmbeddedRecommender OpenDurable(EngineOptions options, TimeProvider? clock = null)
    {
        var directory = Path.Combine(options.DataDirectory, "engine");
        var engine = new EmbeddedRecommender(options, clock, new EngineJournal(Path.Combine(directory, "journal.db"), options.DedupWindowEvents))
        {
            _statePath = Path.Combine(directory, "state.bin"),
        };
        engine.Restore();
        return engine;
    }

    /// <summary>The journal position the memory reflects (0 for an engine without a journal).</summary>
    public long JournalPosition => Interlocked.Read(ref _appliedSeq);

    private bool IsNew(PlaybackEvent e)
    {
        if (!_seen.Add((e.UserId, e.EventId))) return false;
        _seenOrder.Enqueue((e.UserId, e.EventId));
        if (_seenOrder.Count > _options.DedupWindowEvents) _seen.Remove(_seenOrder.Dequeue());
        return true;
    }

    private void Restore()
    {
        _lock.EnterWriteLock();
        try
        {
            if (File.Exists(_statePath)) ReadState(_statePath);
            foreach (var (seq, e) in _journal!.After(_appliedSeq))
            {
                Apply(e);
                _appliedSeq = seq;
            }
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Saves the memory as a snapshot (written aside, then renamed) and drops the journal it covers; false for an engine without a journal.</summary>
    public async Task<bool> SaveStateAsync(CancellationToken cancellationToken)
    {
        if (_journal is null || _statePath is null) return false;
        byte[] snapshot;
        long covered;
        await _tracking.WaitAsync(cancellationToken);
        try
        {
            if (_disposed) return false;
            _lock.EnterReadLock();
            try
            {
                covered = _appliedSeq;
                snapshot = WriteState();
            }
            finally { _lock.ExitReadLock(); }
        }
        finally { _tracking.Release(); }
        var temp = _statePath + ".tmp-" + Guid.NewGuid().ToString("N");
        // compressed after the locks are released: the hot path waits only for the plain copy of the memory
        await using (var file = File.Create(temp))
        await using (var zip = new BrotliStream(file, CompressionLevel.Fastest))
            await zip.WriteAsync(snapshot, cancellationToken);
        File.Move(temp, _statePath, overwrite: true);
        // the journal's connection is the tracking path's: prune between batches
        await _tracking.WaitAsync(CancellationToken.None);
        try
        {
            if (!_disposed) _journal.Prune(covered, _options.DedupWindowEvents);
        }
        finally { _tracking.Release(); }
        return true;
    }

    private byte[] WriteState()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(StateMagic);
            w.Write(StateFormat);
            w.Write(_appliedSeq);
            w.Write(_eventsTracked);
            WriteNames(w, _catalog.Artists);
            WriteNames(w, _catalog.Genres);
            w.Write(_catalog.Count);
            for (var i = 0; i < _catalog.Count; i++)
            {
                w.Write(_catalog.Id(i));
                w.Write(_catalog.NameOf(i) ?? "");
                WriteInts(w, _catalog.ArtistsOf(i));
                WriteInts(w, _catalog.GenresOf(i));
                var audio = _catalog.AudioOf(i)?.Values ?? [];
                w.Write(audio.Length);
                foreach (var v in audio) w.Write(v);
                w.Write(_catalog.IsFromCatalog(i));
            }
            _trending.Write(w);
            w.Write(_users.Count);
            foreach (var (id, user) in _users)
            {
                w.Write(id);
                user.Write(w);
            }
        }
        return buffer.ToArray();
    }

    private void ReadState(string path)
    {
        using var file = File.OpenRead(path);
        using var zip = new BrotliStream(file, CompressionMode.Decompress);
        using var r = new BinaryReader(zip);
        if (r.ReadString() != StateMagic) throw new InvalidDataException($"{path} is not an engine state file");
        if (r.ReadInt32() is var format && format != StateFormat) throw new InvalidDataException($"{path} has state format {format}; this engine reads {StateFormat}");
        _appliedSeq = r.ReadInt64();
        _eventsTracked = r.ReadInt64();
        ReadNames(r, _catalog.Artists);
        ReadNames(r, _catalog.Genres);
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            var id = r.ReadString();
            var name = r.ReadString() is { Length: > 0 } named ? named : null;
            var (artists, genres) = (ReadInts(r), ReadInts(r));
            var audio = new float[r.ReadInt32()];
            for (var i = 0; i < audio.Length; i++) audio[i] = r.ReadSingle();
            _catalog.Append(id, name, artists, genres, audio.Length == 0 ? null : AudioProfile.Of(audio), r.ReadBoolean());
        }
        _trending.Read(r);
        for (var n = r.ReadInt32(); n > 0; n--) _users[r.ReadString()] = UserState.Read(r);
    }

    private static void WriteNames(BinaryWriter w, Vocabulary vocabulary)
    {
        w.Write(vocabulary.Count);
        for (var t = 0; t < vocabulary.Count; t++) w.Write(vocabulary.Name(t));
    }

    private static void ReadNames(BinaryReader r, Vocabulary vocabulary)
    {
        for (var n = r.ReadInt32(); n > 0; n--) vocabulary.Intern(r.ReadString());
    }

    internal static void WriteInts(BinaryWriter w, IReadOnlyCollection<int> values)
    {
        w.Write(values.Count);
        foreach (var v in values) w.Write(v);
    }

    internal static int[] ReadInts(BinaryReader r)
    {
        var values = new int[r.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadInt32();
        return values;
    }
}
