using DatasetBuilder.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Builds;
using Recommender.Engine.Hosting;
using Recommender.Engine.Serving;

namespace DatasetBuilder.Tests;

/// <summary>The builder composed as the build-datasets verb composes it, over a test data folder.</summary>
public sealed class LocalBuilder : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public LocalBuilder(string dataDirectory, double? tolerance = null)
    {
        DataDirectory = dataDirectory;
        var settings = new Dictionary<string, string?> { ["Recommender:DataDirectory"] = dataDirectory, ["Recommender:Mode"] = "Local" };
        if (tolerance is { } t) settings["DatasetBuilder:Tolerance"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _services = StandaloneBuilder.Compose(settings);
    }

    public string DataDirectory { get; }
    public DatasetBuild Build => _services.GetRequiredService<DatasetBuild>();
    public RunLedger Ledger => _services.GetRequiredService<RunLedger>();
    public ModelStore Models => _services.GetRequiredService<ModelStore>();
    public EmbeddedRecommender Recommender => _services.GetRequiredService<EmbeddedRecommender>();
    public IServiceProvider Services => _services;

    public Task<BuildRun> RunAsync(string? runId = null, bool sinceLast = true, List<BuildProgress>? log = null, CancellationToken cancellationToken = default) =>
        Build.RunAsync(new BuildRequest(runId, sinceLast), new SyncProgress(log), cancellationToken);

    public string DatasetFile(string runId, string file) => Path.Combine(DataDirectory, "datasets", runId, file);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Progress reported on the calling thread, in order (Progress&lt;T&gt; would post to the pool).</summary>
    public sealed class SyncProgress(List<BuildProgress>? log, Action<BuildProgress>? onReport = null) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value)
        {
            lock (this) log?.Add(value);
            onReport?.Invoke(value);
        }
    }
}
