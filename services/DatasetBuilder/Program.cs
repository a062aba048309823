using DatasetBuilder.Hosting;
using Recommender.Hosting;

namespace DatasetBuilder;

/// <summary>
/// The dataset builder on its own (the Lambda function): EventBridge Scheduler's {"action":"build"} and {"action":"resume"}
/// arrive at POST /events through the Web Adapter; GET /v1/admin/builds lists the runs.
/// </summary>
public sealed class Program
{
    public static int Main(string[] args) => ServiceStart.Run(() =>
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.Services.AddDatasetBuilder(builder.Configuration);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapDatasetBuilderApi();
        app.MapScheduleEvents();
        app.Run();
    });
}
