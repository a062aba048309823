using Recommender.Adapters.Local.Datasets;
using Recommender.Contracts;
using Recommender.Core.Datasets;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The local dataset store: a folder per run under the data folder's datasets/.</summary>
public sealed class FileDatasetStoreContractTests : DatasetStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override IDatasetStore Store => new FileDatasetStore(Path.Combine(_dir.Path, "datasets"));

    [Fact]
    public async Task a_refused_name_leaves_nothing_outside_the_root()
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.PutAsync("..", "escaped.csv", new MemoryStream([1]), CancellationToken.None));

        Directory.EnumerateFileSystemEntries(_dir.Path).ShouldBeEmpty();
    }

    public void Dispose() => _dir.Dispose();
}
