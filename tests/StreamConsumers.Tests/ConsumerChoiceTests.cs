using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Core.Consumers;
using Recommender.Hosting;

namespace StreamConsumers.Tests;

/// <summary>The consumers a process runs are chosen once, for the local loops and for Lambda's POST /events alike.</summary>
public sealed class ConsumerChoiceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("consumer-choice-").FullName;

    private IHost Build(string? enabled)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Recommender:DataDirectory"] = _directory, ["Consumers:Enabled"] = enabled });
        builder.Services.AddPlatformAdapters(builder.Configuration);
        builder.Services.AddStreamConsumers(builder.Configuration);
        return builder.Build();
    }

    [Theory]
    [InlineData("hot-path", new[] { "hot-path" })]
    [InlineData(" archive , Hot-Path", new[] { "hot-path", "archive" })]
    [InlineData(null, new[] { "hot-path", "profile-aggregator", "archive" })]
    public void a_comma_separated_setting_chooses_the_consumers_every_host_runs(string? enabled, string[] expected)
    {
        using var host = Build(enabled);

        host.Services.GetServices<IStreamBatchHandler>().Select(h => h.Name).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task a_name_that_is_no_consumer_stops_the_start_naming_it()
    {
        using var host = Build("hot-path,hotpath");

        var e = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        e.Message.ShouldContain("Consumers:Enabled names \"hotpath\", which is no consumer; the consumers are hot-path, profile-aggregator, archive");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
