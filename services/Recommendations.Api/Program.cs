using Recommender.Hosting;

namespace Recommendations.Api;

/// <summary>The recommendations API on its own (the all-in-one host maps it beside the others).</summary>
public sealed class Program
{
    public static int Main(string[] args) => ServiceStart.Run(() =>
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.AddRecommendationsApi();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapRecommendationsApi();
        app.Run();
    });
}
