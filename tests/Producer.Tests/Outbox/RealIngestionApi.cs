using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Contracts;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace Producer.Tests.Outbox;

/// <summary>
/// The real ingestion API on the embedded stream, served by Kestrel on a loopback port, over a given data folder.
/// The port is given to Kestrel's own listen options: the factory's <c>UseKestrel(port)</c> rewrites the server's
/// addresses after the app has started its own Kestrel thread, and loses that race now and then. Without a port Kestrel
/// binds port 0 and <see cref="BaseAddress"/> tells what it got, so no other test can take the port in between.
/// </summary>
public sealed class RealIngestionApi : WebApplicationFactory<Ingestion.Api.Program>
{
    private readonly string _dataDirectory;
    private readonly string? _apiKey;

    /// <param name="port">Only for a test that must know the address before the API is up; otherwise port 0.</param>
    public RealIngestionApi(string dataDirectory, string? apiKey, int port = 0)
    {
        _dataDirectory = dataDirectory;
        _apiKey = apiKey;
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    /// <summary>Every log line of the API, at every level.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Where the started API listens (the port Kestrel bound).</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var settings = new Dictionary<string, string?> { ["Recommender:DataDirectory"] = _dataDirectory };
        // the key is seeded as a producer's key is: its digest with the "ingest" scope
        if (_apiKey is not null)
            foreach (var (key, value) in TestApiKeys.Seed(_apiKey, "ingest")) settings[key] = value;
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(Logs.AddTo);
        return base.CreateHost(builder);
    }

    /// <summary>Every event on the stream, read with a consumer name no one else uses.</summary>
    public async Task<IReadOnlyList<PlaybackEvent>> ReadStreamAsync()
    {
        var reader = Services.GetRequiredService<IStreamReader>();
        var consumer = $"producer-test-{Guid.NewGuid():N}";
        var events = new List<PlaybackEvent>();
        foreach (var shard in await reader.ListShardsAsync(CancellationToken.None))
            foreach (var record in await reader.ReadAsync(consumer, shard, 100_000, CancellationToken.None))
                events.Add(EventJson.Deserialize(record.Data.Span));
        return events;
    }
}
