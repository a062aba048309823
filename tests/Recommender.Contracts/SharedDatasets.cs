namespace Recommender.Contracts;

/// <summary>
/// A test that needs a shared data set, found through RECOMMENDER_DATASETS (default ../shared/datasets from
/// the repository root). Absent: skipped with the reason, except under CI=true, where it runs and fails.
/// </summary>
public sealed class DatasetFactAttribute : FactAttribute
{
    public DatasetFactAttribute(string dataset)
    {
        if (!Directory.Exists(Datasets.PathOf(dataset)) && !Datasets.IsCi)
            Skip = $"data set {dataset} not found at {Datasets.PathOf(dataset)} (set RECOMMENDER_DATASETS)";
    }
}

/// <summary>Where the shared data sets are; tests and benchmarks never copy them into the repository.</summary>
public static class Datasets
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string PathOf(string dataset) => Path.Combine(Root, dataset);

    public static string Root => Environment.GetEnvironmentVariable("RECOMMENDER_DATASETS") is { Length: > 0 } root
        ? root
        : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "datasets"));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
