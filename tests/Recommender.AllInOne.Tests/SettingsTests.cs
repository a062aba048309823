using System.CommandLine;
using System.Reflection;
using Microsoft.Extensions.Options;
using Recommender.Contracts;
using Recommender.Core.Configuration;

namespace Recommender.AllInOne.Tests;

/// <summary>Every options class is bound and checked one way (IValidatedOptions), at start, and a bad setting is one line naming it.</summary>
public sealed class SettingsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "all-in-one-settings-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task a_bad_setting_of_every_section_stops_the_host_with_one_line_naming_each()
    {
        var output = new LockedStringWriter();

        var exit = await AllInOneCommandLine.InvokeAsync(["serve", "--port", "0", "--data-dir", _dataDirectory,
                "--Recommender:Stream:ShardCount=0", "--Recommender:Engine:RetrainMinNewEvents=0", "--Ingestion:MaxConcurrentAppends=0",
                "--Consumers:BatchSize=0", "--DatasetBuilder:Tolerance=2"],
            new InvocationConfiguration { Output = output, Error = output });

        exit.ShouldNotBe(0);
        var line = output.ToString().Trim();
        line.ShouldNotContain("\n");
        line.ShouldStartWith("error: ");
        line.ShouldContain("Recommender:Stream:ShardCount must be 1 to 1024; got 0");
        line.ShouldContain("Recommender:Engine:RetrainMinNewEvents must be at least 1; got 0");
        line.ShouldContain("Ingestion:MaxConcurrentAppends must be more than 0; got 0");
        line.ShouldContain("Consumers:BatchSize must be 1 to 10000; got 0");
        line.ShouldContain("DatasetBuilder:Tolerance must be at least 0 and below 1; got 2");
    }

    [Fact]
    public void every_options_class_the_host_binds_checks_itself_at_start()
    {
        using var app = AllInOneHost.Build(new HostSettings(_dataDirectory, 0), []);
        var bound = OurTypes().Where(t => app.Services.GetService(typeof(IEnumerable<>).MakeGenericType(typeof(IConfigureOptions<>).MakeGenericType(t)))
            is IEnumerable<object> configures && configures.Any()).ToList();

        bound.Select(t => t.Name).ShouldContain("EngineOptions");
        bound.Select(t => t.Name).ShouldContain("SpotifyProducerOptions");
        bound.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var type in bound)
        {
            typeof(IValidatedOptions).IsAssignableFrom(type).ShouldBeTrue($"{type.Name} is bound but not an IValidatedOptions");
            var validators = (IEnumerable<object>)app.Services.GetService(typeof(IEnumerable<>).MakeGenericType(typeof(IValidateOptions<>).MakeGenericType(type)))!;
            validators.ShouldNotBeEmpty($"{type.Name} is bound without its Problems() check");
        }
    }

    // ours: Recommender.Core and every assembly built on it, tests aside
    private static IEnumerable<Type> OurTypes() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name is { } n && !n.EndsWith(".Tests", StringComparison.Ordinal)
                        && (n == "Recommender.Core" || a.GetReferencedAssemblies().Any(r => r.Name == "Recommender.Core")))
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && t.GetConstructor(Type.EmptyTypes) is not null);

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { /* still held by a closing connection; it is under the temp folder */ }
    }
}
