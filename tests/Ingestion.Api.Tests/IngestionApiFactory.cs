using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Core.Streaming;

namespace Ingestion.Api.Tests;

/// <summary>The real ingestion API in memory, on the embedded stream in a fresh temp data folder.</summary>
public sealed class IngestionApiFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ingestion-api-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Extra configuration; set before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    // Host configuration reaches WebApplicationBuilder as command-line args, so the data folder is known while services are registered.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(
            new Dictionary<string, string?>(Settings) { ["Recommender:DataDirectory"] = DataDirectory }));
        return base.CreateHost(builder);
    }

    /// <summary>Every record on the stream, read with a consumer name no one else uses.</summary>
    public async Task<IReadOnlyList<StreamRecord>> ReadStreamAsync()
    {
        var reader = Services.GetRequiredService<IStreamReader>();
        var consumer = $"test-{Guid.NewGuid():N}";
        var records = new List<StreamRecord>();
        foreach (var shard in await reader.ListShardsAsync(CancellationToken.None))
            records.AddRange(await reader.ReadAsync(consumer, shard, 100_000, CancellationToken.None));
        return records;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizing connection; the temp folder is cleaned eventually anyway.
        }
    }
}
