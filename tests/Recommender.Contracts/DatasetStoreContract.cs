using System.Text;
using Recommender.Core.Datasets;

namespace Recommender.Contracts;

/// <summary>What every dataset store must do, whatever keeps the files: each backend's test class runs these against its own.</summary>
public abstract class DatasetStoreContract
{
    protected abstract IDatasetStore Store { get; }

    private static MemoryStream Content(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<byte[]?> ReadAsync(string runId, string fileName)
    {
        await using var stream = await Store.OpenAsync(runId, fileName, CancellationToken.None);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task a_stored_file_reads_back_byte_for_byte()
    {
        var bytes = new byte[300_000];
        new Random(16).NextBytes(bytes);

        await Store.PutAsync("2026-12-07", "interactions.csv", new MemoryStream(bytes), CancellationToken.None);

        (await ReadAsync("2026-12-07", "interactions.csv")).ShouldBe(bytes);
    }

    [Fact]
    public async Task the_location_it_answers_names_the_run_and_the_file()
    {
        var location = await Store.PutAsync("2026-12-07", "items.csv", Content("ITEM_ID\nt1\n"), CancellationToken.None);

        location.Replace('\\', '/').ShouldEndWith("/2026-12-07/items.csv");
    }

    [Fact]
    public async Task a_file_put_again_is_replaced_whole()
    {
        await Store.PutAsync("run", "users.csv", Content("USER_ID,GENRES\nalice,rock|pop|jazz\nbob,folk\n"), CancellationToken.None);
        await Store.PutAsync("run", "users.csv", Content("USER_ID\ncarol\n"), CancellationToken.None);

        Encoding.UTF8.GetString((await ReadAsync("run", "users.csv")).ShouldNotBeNull()).ShouldBe("USER_ID\ncarol\n");
    }

    [Fact]
    public async Task runs_keep_their_own_files()
    {
        await Store.PutAsync("run-a", "items.csv", Content("a"), CancellationToken.None);
        await Store.PutAsync("run-b", "items.csv", Content("b"), CancellationToken.None);

        (await ReadAsync("run-a", "items.csv")).ShouldBe("a"u8.ToArray());
        (await ReadAsync("run-b", "items.csv")).ShouldBe("b"u8.ToArray());
        (await ReadAsync("run-c", "items.csv")).ShouldBeNull();
    }

    [Fact]
    public async Task an_absent_file_opens_as_null()
    {
        await Store.PutAsync("run", "items.csv", Content("a"), CancellationToken.None);

        (await ReadAsync("run", "users.csv")).ShouldBeNull();
        (await ReadAsync("never", "items.csv")).ShouldBeNull();
    }

    [Fact]
    public async Task a_put_whose_content_fails_midway_leaves_the_earlier_file_whole()
    {
        await Store.PutAsync("run", "interactions.csv", Content("USER_ID,ITEM_ID\nalice,t1\n"), CancellationToken.None);

        await Should.ThrowAsync<Exception>(() => Store.PutAsync("run", "interactions.csv", new FailingAfter(100_000, 40_000), CancellationToken.None));

        Encoding.UTF8.GetString((await ReadAsync("run", "interactions.csv")).ShouldNotBeNull()).ShouldBe("USER_ID,ITEM_ID\nalice,t1\n");
    }

    [Theory]
    [InlineData("", "items.csv")]
    [InlineData(" ", "items.csv")]
    [InlineData(".", "items.csv")]
    [InlineData("..", "items.csv")]
    [InlineData("../etc", "items.csv")]
    [InlineData("a/b", "items.csv")]
    [InlineData("a\\b", "items.csv")]
    [InlineData("run", "")]
    [InlineData("run", "..")]
    [InlineData("run", "a/b.csv")]
    [InlineData("run", "../../outside.csv")]
    [InlineData("run", "items\n.csv")]
    public async Task a_run_id_or_file_name_that_is_not_one_path_segment_is_refused(string runId, string fileName)
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.PutAsync(runId, fileName, Content("x"), CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => Store.OpenAsync(runId, fileName, CancellationToken.None));
    }

    /// <summary>A seekable body that throws once a reader has read past <c>failAt</c> bytes, as a disk or network error would.</summary>
    private sealed class FailingAfter(int length, int failAt) : MemoryStream(new byte[length])
    {
        public override int Read(byte[] buffer, int offset, int count) => Check(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Check(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Check(await base.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Check(int read) => Position > failAt ? throw new InvalidOperationException("the content failed midway") : read;
    }
}
