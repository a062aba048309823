using Recommender.Adapters.Local.Consumers;
using Recommender.Contracts;
using Recommender.Core.Consumers;

namespace Recommender.Adapters.Local.Tests;

public sealed class SqliteDeadLetterStoreContractTests : DeadLetterStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task<IDeadLetterStore> CreateStoreAsync(TimeProvider clock) =>
        Task.FromResult<IDeadLetterStore>(new SqliteDeadLetterStore(_directory.File("consumers.db"), clock));

    public void Dispose() => _directory.Dispose();
}
