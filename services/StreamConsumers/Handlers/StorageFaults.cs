using Microsoft.Data.Sqlite;

namespace StreamConsumers.Handlers;

/// <summary>
/// Tells a fault of the place a consumer writes to (a full disk, a locked or unopenable database, an I/O error) from a fault
/// of the record: every record would fail the same way, so such a batch is held and retried whole, never bisected, counted
/// against its records' attempts or dead-lettered.
/// </summary>
public static class StorageFaults
{
    // SQLite's primary result codes that say "the storage", not "this row": BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL
    private static readonly HashSet<int> StorageCodes = [5, 6, 7, 8, 10, 13, 14, 15];

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException) return true;
            if (e is SqliteException sqlite && StorageCodes.Contains(sqlite.SqliteErrorCode & 0xFF)) return true;
        }
        return false;
    }
}
