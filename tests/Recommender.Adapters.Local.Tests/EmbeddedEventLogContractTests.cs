using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local.Tests;

public sealed class EmbeddedEventLogContractTests : EventStreamContract, IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<EmbeddedEventLog> _logs = [];

    protected override Task<(IEventStream Stream, IStreamReader Reader)> CreateStreamAsync()
    {
        var log = new EmbeddedEventLog(_directory.File("stream.db"), new EmbeddedStreamOptions { ShardCount = 4 });
        _logs.Add(log);
        return Task.FromResult<(IEventStream, IStreamReader)>((log, log));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var log in _logs) await log.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed class SqliteProfileStoreContractTests : ProfileStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task<Core.Profiles.IProfileStore> CreateStoreAsync(TimeProvider? clock = null, TimeSpan? deduplicationWindow = null) =>
        Task.FromResult<Core.Profiles.IProfileStore>(new Profiles.SqliteProfileStore(_directory.File($"profiles-{Guid.NewGuid():N}.db"), clock, deduplicationWindow));

    public void Dispose() => _directory.Dispose();
}
