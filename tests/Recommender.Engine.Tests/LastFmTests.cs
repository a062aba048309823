using Recommender.Engine.Data;

namespace Recommender.Engine.Tests;

/// <summary>Runs only where the shared data set is: RECOMMENDER_DATASETS or ../shared/datasets from the repo root; under CI=true its absence fails.</summary>
public sealed class DataSetFactAttribute : FactAttribute
{
    public DataSetFactAttribute(string name)
    {
        if (SharedDataSets.Find(name) is null && !SharedDataSets.IsCi)
            Skip = $"data set {name} not found under RECOMMENDER_DATASETS or ../shared/datasets";
    }
}

public static class SharedDataSets
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string name)
    {
        var root = Environment.GetEnvironmentVariable("RECOMMENDER_DATASETS");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) dir = dir.Parent;
            if (dir is null) return null;
            root = Path.Combine(dir.FullName, "..", "shared", "datasets");
        }
        var path = Path.Combine(root, name);
        return Directory.Exists(path) ? path : null;
    }
}

public class LastFmTests
{
    [DataSetFact("lastfm-hetrec-2k")]
    public void the_last_fm_import_has_every_user_artist_pair_and_tag_genres()
    {
        var path = SharedDataSets.Find("lastfm-hetrec-2k") ?? throw new InvalidOperationException("lastfm-hetrec-2k is missing under CI=true");

        var data = LastFmHetrec.Load(path);

        data.Interactions.Count.ShouldBe(92_834);
        data.Interactions.Select(i => i.UserId).Distinct().Count().ShouldBe(1_892);
        data.Items.Count.ShouldBe(17_632);
        data.Interactions.ShouldAllBe(i => i.EventValue > 0);
        var beatles = data.Items.Single(i => i.Artists.Contains("The Beatles"));
        beatles.Genres.Count.ShouldBe(5);
        beatles.Genres.ShouldContain("classic rock");
    }
}
