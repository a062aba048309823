using Recommender.Hosting;

namespace Ingestion.Api;

/// <summary>The ingestion API on its own (the all-in-one host maps it beside the others).</summary>
public sealed class Program
{
    public static int Main(string[] args) => ServiceStart.Run(() =>
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.AddIngestionApi();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapIngestionApi();
        app.Run();
    });
}
