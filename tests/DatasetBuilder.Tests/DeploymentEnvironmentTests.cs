using System.Text.Json;
using DatasetBuilder.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Hosting;

namespace DatasetBuilder.Tests;

/// <summary>datasets/deployment/builder-environment.json is what the infrastructure sets for the builder (its tests check that side); this checks it against DatasetBuilderOptions.</summary>
public sealed class DeploymentEnvironmentTests
{
    private static readonly string[] Required = ReadRequired();

    private static string[] ReadRequired()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) dir = dir.Parent;
        var file = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "datasets", "deployment", "builder-environment.json");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static DatasetBuilderOptions Bind(IEnumerable<string> keys)
    {
        // environment variable names as the Lambda receives them: "__" separates sections
        var settings = keys.ToDictionary(k => k.Replace("__", ":"), k => (string?)(k == "Recommender__Mode" ? "Aws" : $"arn:aws:personalize:eu-west-1:123456789012:x/{k}"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddPlatformAdapters(configuration).AddDatasetBuilder(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<DatasetBuilderOptions>>().Get(Options.DefaultName);
    }

    [Fact]
    public void the_listed_environment_satisfies_every_aws_mode_requirement()
    {
        var options = Bind(Required);
        options.PublishesToAws.ShouldBeTrue();
        options.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void every_listed_key_binds_to_a_builder_setting()
    {
        var options = Bind(Required);
        var aws = options.Aws;
        string?[] bound = [aws.InteractionsDatasetArn, aws.UsersDatasetArn, aws.ItemsDatasetArn, aws.SolutionArn, aws.CampaignArn,
            aws.RelatedItemsSolutionArn, aws.RelatedItemsCampaignArn, aws.FilterArn, aws.RunsTableName];
        foreach (var key in Required.Where(k => k.StartsWith("DatasetBuilder__Aws__", StringComparison.Ordinal)))
            bound.ShouldContain($"arn:aws:personalize:eu-west-1:123456789012:x/{key}", $"{key} binds to no DatasetBuilder:Aws setting");
    }

    [Fact]
    public void leaving_out_any_setting_the_builder_requires_is_named_at_start_and_the_list_holds_it()
    {
        var problems = Should.Throw<OptionsValidationException>(() => Bind(["Recommender__Mode"])).Failures.ToList();
        problems.ShouldNotBeEmpty();
        foreach (var problem in problems)
        {
            var key = problem.Split(' ')[0].Replace(":", "__");
            Required.ShouldContain(key, $"the builder requires {key} but builder-environment.json does not list it");
        }
    }
}
