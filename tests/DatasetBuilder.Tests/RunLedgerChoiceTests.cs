using Amazon.Runtime;
using DatasetBuilder.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.DynamoDb;
using Recommender.Adapters.Local.Builds;
using Recommender.Core.Builds;
using Recommender.Hosting;

namespace DatasetBuilder.Tests;

/// <summary>The run ledger is a port: AddPlatformAdapters picks its backend by Recommender:Mode, as it does every other.</summary>
public sealed class RunLedgerChoiceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private ServiceProvider Compose(Dictionary<string, string?> settings)
    {
        settings["Recommender:DataDirectory"] = _data.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDLOCALTEST", "local-test-secret"));
        return services.AddPlatformAdapters(configuration).AddDatasetBuilder(configuration).BuildServiceProvider();
    }

    [Fact]
    public void local_mode_keeps_the_ledger_in_the_builders_sqlite_file()
    {
        using var services = Compose(new() { ["Recommender:Mode"] = "Local" });

        services.GetRequiredService<RunLedger>().ShouldBeOfType<SqliteRunLedger>();
        File.Exists(Path.Combine(_data.Path, "builds", "builder.db")).ShouldBeTrue();
    }

    [Fact]
    public void aws_mode_keeps_the_ledger_in_the_runs_table()
    {
        using var services = Compose(new()
        {
            ["Recommender:Mode"] = "Aws",
            ["Aws:Region"] = "eu-west-1",
            ["Aws:DynamoDb:ServiceUrl"] = "http://127.0.0.1:9",
            ["DatasetBuilder:Aws:RunsTableName"] = "recommender-builder-runs",
        });

        services.GetRequiredService<RunLedger>().ShouldBeOfType<DynamoDbRunLedger>().TableName.ShouldBe("recommender-builder-runs");
        services.GetRequiredService<PlatformMode>().ShouldBe(PlatformMode.Aws);
    }

    public void Dispose() => _data.Dispose();
}
