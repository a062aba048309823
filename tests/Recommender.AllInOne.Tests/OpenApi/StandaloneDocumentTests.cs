using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Recommender.AllInOne.Tests.OpenApi;

/// <summary>
/// The ingestion and recommendations APIs also run on their own (on Lambda): each one's document describes its operations
/// exactly as the all-in-one host's does, so the conformance cases run on the all-in-one host cover them too.
/// </summary>
public sealed class StandaloneDocumentTests(ConformanceHost host) : IClassFixture<ConformanceHost>
{
    [Fact]
    public Task the_ingestion_api_documents_its_operations_as_the_all_in_one_host_does() =>
        SameOperationsAsync(new Standalone<Ingestion.Api.Program>(), "/v1/events");

    [Fact]
    public Task the_recommendations_api_documents_its_operations_as_the_all_in_one_host_does() =>
        SameOperationsAsync(new Standalone<Recommendations.Api.Program>(), "/v1/recommendations", "/v1/rankings");

    private async Task SameOperationsAsync<T>(Standalone<T> standalone, params string[] expectedPaths) where T : class
    {
        using (standalone)
        {
            var document = await OpenApiContract.ReadAsync(standalone.CreateClient());
            var paths = document.Document["paths"]!.AsObject();
            paths.Select(p => p.Key).ShouldBeSubsetOf(host.Contract.Document["paths"]!.AsObject().Select(p => p.Key));
            foreach (var expected in expectedPaths) paths.ContainsKey(expected).ShouldBeTrue(expected);
            foreach (var (path, operations) in paths)
                JsonNode.DeepEquals(operations, host.Contract.Document["paths"]![path]).ShouldBeTrue($"{path} differs:\n{operations}\nall-in-one:\n{host.Contract.Document["paths"]![path]}");
            foreach (var (name, schema) in document.Document["components"]!["schemas"]!.AsObject())
                JsonNode.DeepEquals(schema, host.Contract.Document["components"]!["schemas"]![name]).ShouldBeTrue($"schema {name} differs");
        }
    }

    private sealed class Standalone<T> : WebApplicationFactory<T> where T : class
    {
        private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "standalone-openapi", Guid.NewGuid().ToString("N"));

        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?> { ["Recommender:DataDirectory"] = _dataDirectory }));
            return base.CreateHost(builder);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            try { Directory.Delete(_dataDirectory, recursive: true); }
            catch (IOException) { /* still held by a closing connection; it is under the temp folder */ }
        }
    }
}
