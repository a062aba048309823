using System.CommandLine;
using Recommender.Adapters.Local.Catalog;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary><c>catalog import</c> over small generated files in the Spotify tracks data set layout.</summary>
public sealed class CatalogCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("catalog-import-").FullName;

    private string DataDirectory => Path.Combine(_folder, "data");

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AllInOneCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task a_spotify_tracks_file_is_imported_with_a_summary_and_its_genres_merged()
    {
        var tracks = SpotifyTracksFile.Tracks(500);
        var file = Path.Combine(_folder, "dataset.csv");
        await using (var writer = new StreamWriter(file)) SpotifyTracksFile.Write(writer, tracks);

        var (exit, output, error) = await RunAsync("catalog", "import", file, "--data-dir", DataDirectory);

        exit.ShouldBe(0, error);
        error.ShouldBeEmpty();
        output.ShouldContain($"imported {tracks.Count:N0} tracks from 500 rows of dataset.csv (Spotify tracks layout)");
        output.ShouldContain($"{500 - tracks.Count:N0} rows added genres to a track already read, 0 bad rows skipped");
        var catalog = new SqliteTrackCatalog(Path.Combine(DataDirectory, "catalog.db"));
        var several = tracks.First(t => t.Genres.Length == 3);
        var read = (await catalog.GetAsync(several.Id, CancellationToken.None)).ShouldNotBeNull();
        read.Genres.ShouldBe(several.Genres, ignoreOrder: true);
        read.Name.ShouldBe(several.Name);
        var all = 0;
        await foreach (var _ in catalog.ReadAllAsync(CancellationToken.None)) all++;
        all.ShouldBe(tracks.Count);
    }

    [Fact]
    public async Task bad_rows_are_reported_by_line_and_the_good_ones_imported()
    {
        var file = Path.Combine(_folder, "some-bad.csv");
        await File.WriteAllTextAsync(file, string.Join("\n",
            SpotifyTracksFile.Header,
            "0,t1,A,Al,Song,50,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock",
            "1,t2,A,Al,Song,500,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,rock",
            "2,t3,A,Al,Song,50,1000,False,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,4,pop") + "\n");

        var (exit, output, error) = await RunAsync("catalog", "import", file, "--data-dir", DataDirectory);

        exit.ShouldBe(0);
        error.Trim().ShouldBe("line 3: popularity must be a whole number from 0 to 100; got \"500\"; skipped");
        output.ShouldContain("imported 2 tracks from 3 rows");
        output.ShouldContain("1 bad rows skipped");
    }

    [Fact]
    public async Task a_file_of_only_bad_rows_imports_nothing_and_fails()
    {
        var file = Path.Combine(_folder, "all-bad.csv");
        await File.WriteAllTextAsync(file, SpotifyTracksFile.Header + "\n1,,A\n");

        var (exit, _, error) = await RunAsync("catalog", "import", file, "--data-dir", DataDirectory);

        exit.ShouldBe(1);
        error.ShouldContain("line 2: expected 21 fields");
    }

    [Theory]
    [InlineData("no-such-file.csv")]
    [InlineData("not-a-catalog.csv")]
    public async Task a_missing_or_unknown_file_is_one_line_and_exit_2(string name)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "not-a-catalog.csv"), "user_id,score\nu,1\n");

        var (exit, _, error) = await RunAsync("catalog", "import", Path.Combine(_folder, name), "--data-dir", DataDirectory);

        exit.ShouldBe(2);
        error.Trim().ShouldStartWith("error: ");
        error.Trim().ShouldNotContain('\n');
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
