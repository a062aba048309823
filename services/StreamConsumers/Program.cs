using Recommender.Hosting;
using StreamConsumers.Lambda;

namespace StreamConsumers;

/// <summary>
/// The stream consumers on their own. On Lambda (behind the Web Adapter) Kinesis batches arrive as
/// POST /events; with Consumers:HostedLoops=true (the default in Local mode) hosted loops read the stream instead.
/// </summary>
public sealed class Program
{
    public static int Main(string[] args) => ServiceStart.Run(() =>
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.Services.AddStreamConsumers(builder.Configuration);
        var hostedLoops = builder.Configuration.GetValue<bool?>("Consumers:HostedLoops")
                          ?? builder.Services.ChosenMode() == PlatformMode.Local;
        if (hostedLoops) builder.Services.AddLocalConsumerLoops();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapKinesisEvents();
        app.Run();
    });
}
