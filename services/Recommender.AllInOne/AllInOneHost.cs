using System.Net;
using Microsoft.Extensions.Options;
using DatasetBuilder.Hosting;
using Ingestion.Api;
using Recommendations.Api;
using Recommender.AllInOne.Dashboard;
using Recommender.AllInOne.Status;
using Recommender.Hosting;
using SpotifyProducer;
using StreamConsumers;

namespace Recommender.AllInOne;

/// <summary>Where the host keeps its state and which loopback port it listens on.</summary>
public sealed record HostSettings(string DataDirectory, int Port, LogLevel MinimumLogLevel = LogLevel.Information);

/// <summary>One process with both APIs, the three consumer loops, the embedded engine and the hosted Spotify producer: the composition root of the all-in-one host.</summary>
public static class AllInOneHost
{
    /// <param name="configurationArgs">Extra <c>--Section:Key=value</c> settings; they win over <paramref name="settings"/>.</param>
    public static WebApplication Build(HostSettings settings, IReadOnlyList<string> configurationArgs)
    {
        string[] args = [$"--{PlatformAdapters.DataDirectoryKey}={settings.DataDirectory}", .. configurationArgs];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(AllInOneHost).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Port));
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.AddIngestionApi();
        builder.AddRecommendationsApi();
        builder.Services.AddStreamConsumers(builder.Configuration);
        builder.Services.AddLocalConsumerLoops();
        builder.Services.AddDatasetBuilder(builder.Configuration);
        // its link store and token cipher come with the adapters: SQLite and a key file locally, DynamoDB and KMS on AWS
        // (only once Aws:Kms:TokenKeyId names the key; without one the AWS host serves everything else)
        var hostsProducer = builder.Services.CanHostSpotifyProducer();
        if (hostsProducer) builder.AddSpotifyProducer();

        var app = builder.Build();
        // every setting checked now, before the host starts: a bad one is one line (the host would log it with a stack trace)
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.MapServiceDefaults();
        app.MapIngestionApi();
        app.MapRecommendationsApi();
        app.MapDatasetBuilderApi();
        if (hostsProducer) app.MapSpotifyProducerApi();
        app.MapAdminStatus();
        app.MapDashboard();
        return app;
    }

    /// <summary>The first address the started host listens on (the real port when 0 was asked for).</summary>
    public static Uri BaseAddress(WebApplication app) =>
        new(app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the host is not listening on any address"));
}
