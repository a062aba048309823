using Recommender.Hosting;
using SpotifyProducer.Lambda;

namespace SpotifyProducer;

/// <summary>
/// The hosted producer on its own: links listeners' Spotify accounts and polls their recently-played for them. On one
/// machine a hosted loop polls every account; on Lambda a schedule fans the accounts out through SQS (POST /events).
/// </summary>
public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.AddSpotifyProducer();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapSpotifyProducerApi();
        // Lambda's own events through the Web Adapter: the schedule's fan-out and the SQS poll batches (not in the all-in-one host)
        app.MapPollEvents();
        app.Run();
    }
}
