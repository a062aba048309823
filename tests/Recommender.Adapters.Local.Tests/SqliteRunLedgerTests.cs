using Recommender.Adapters.Local.Builds;
using Recommender.Contracts;
using Recommender.Core.Builds;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The local ledger: the runs table of the builder's SQLite file.</summary>
public sealed class SqliteRunLedgerTests : RunLedgerContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<RunLedger> LedgerAsync() =>
        Task.FromResult<RunLedger>(new SqliteRunLedger(Path.Combine(_dir.Path, "builds", "builder.db"), Clock));

    public void Dispose() => _dir.Dispose();
}
