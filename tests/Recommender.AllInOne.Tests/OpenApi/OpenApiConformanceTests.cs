using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recommender.AllInOne.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is the contract a client is generated from: it lists every operation the host serves, each with a
/// case in <see cref="ConformanceCases"/> whose real answers validate against it; every parameter and problem is described.
/// </summary>
public sealed partial class OpenApiConformanceTests(ConformanceHost host) : IClassFixture<ConformanceHost>
{
    public static TheoryData<string> Operations() => new(ConformanceCases.All.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void every_operation_in_the_document_has_a_conformance_case()
    {
        var documented = host.Contract.Operations();

        documented.Except(ConformanceCases.All.Keys).ShouldBeEmpty("operations in the document without a case in ConformanceCases");
        ConformanceCases.All.Keys.Except(documented).ShouldBeEmpty("cases for operations the document does not list");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task the_answers_of_an_operation_match_its_document(string operation)
    {
        var probe = new ApiProbe(host.Client, host.Contract, operation, host.Factory.Services);

        await ConformanceCases.All[operation](probe);

        probe.Statuses.ShouldContain(s => s >= 200 && s < 300, $"{operation}: its case must check a successful answer");
        var documented = host.Contract.Responses(operation).Keys.Select(int.Parse).ToList();
        probe.Statuses.Where(s => s >= 400).Distinct().ShouldBeSubsetOf(documented);
    }

    [Fact]
    public void every_parameter_has_a_description_and_a_typed_schema_and_numbers_are_numbers()
    {
        foreach (var operation in host.Contract.Operations())
            foreach (var (name, parameter) in host.Contract.Parameters(operation))
            {
                var where = $"{operation} parameter {name}";
                parameter["description"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(where);
                var schema = parameter["schema"].ShouldBeOfType<JsonObject>(where);
                var type = schema["type"].ShouldNotBeNull(where).GetValue<string>();
                if (type == "integer")
                {
                    schema.ContainsKey("minimum").ShouldBeTrue($"{where}: an integer states its range");
                    schema.ContainsKey("maximum").ShouldBeTrue($"{where}: an integer states its range");
                }
                if (parameter["required"]?.GetValue<bool>() != true && type is "integer" or "boolean")
                    schema.ContainsKey("default").ShouldBeTrue($"{where}: an optional parameter states its default");
            }
        // the web defaults read "12" as 12 and document numbers as ["integer", "string"]: ours are numbers only
        NumberOrString().IsMatch(host.Contract.Document.ToJsonString()).ShouldBeFalse("a number is documented as a number or a string");
    }

    [Fact]
    public void every_error_answer_is_a_problem_with_named_errors()
    {
        var problem = host.Contract.Document["components"]!["schemas"]!["ApiProblem"].ShouldBeOfType<JsonObject>();
        problem["properties"]!.AsObject().Select(p => p.Key).ShouldBe(["type", "title", "status", "detail", "instance", "errors", "trace_id"], ignoreOrder: true);
        foreach (var operation in host.Contract.Operations())
            foreach (var (status, response) in host.Contract.Responses(operation).Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response["content"].ShouldBeOfType<JsonObject>($"{operation} {status}");
                content.Select(c => c.Key).ShouldBe(["application/problem+json"], $"{operation} {status}");
                content["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/ApiProblem", $"{operation} {status}");
            }
    }

    [Fact]
    public void event_types_are_an_enum_in_the_document()
    {
        var eventType = host.Contract.Document["components"]!["schemas"]!["PlaybackEvent"]!["properties"]!["event_type"]!;
        eventType["enum"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(Core.Events.EventTypes.All, ignoreOrder: true);
    }

    [Fact]
    public async Task the_api_reference_page_is_served_with_its_assets_from_this_process()
    {
        using var page = await host.Client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, html);
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");

        var assets = Asset().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        assets.ShouldNotBeEmpty("the page loads its script");
        foreach (var asset in assets)
        {
            asset.ShouldNotMatch("^(https?:)?//", "nothing is fetched from the web at run time");
            using var response = await host.Client.GetAsync(new Uri(new Uri(host.Client.BaseAddress!, "/docs/"), asset));
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, $"asset {asset}");
            (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(0, asset);
        }
        html.ShouldContain("\"url\":\"openapi/v1.json\"");
        // Scalar's defaults load fonts from its CDN and send telemetry; the page turns both off
        html.ShouldContain("\"withDefaultFonts\":false");
        html.ShouldContain("\"telemetry\":false");
    }

    [GeneratedRegex("\"type\":\\[(\"(integer|number)\",\"string\"|\"string\",\"(integer|number)\")")]
    private static partial Regex NumberOrString();

    [GeneratedRegex("<(?:script|link)[^>]+(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Asset();
}

/// <summary>The conformance check itself can fail: an undocumented field, a number sent as text, a missing field.</summary>
public sealed class OpenApiContractTests(ConformanceHost host) : IClassFixture<ConformanceHost>
{
    [Theory]
    [InlineData("an undocumented field", "surprise", "1")]
    [InlineData("a number sent as text", "plays", "\"12\"")]
    [InlineData("a field of the wrong type", "top_genres", "{}")]
    public async Task a_profile_that_differs_from_the_document_fails_the_check(string what, string field, string json)
    {
        var schema = host.Contract.ResponseSchema("GET /v1/users/{id}/profile", 200, "application/json").ShouldNotBeNull();
        var profile = JsonNode.Parse(await host.Client.GetStringAsync($"/v1/users/{ConformanceHost.Listener}/profile"))!.AsObject();
        OpenApiContract.Check(schema, JsonSerializerElement(profile)).ShouldBeEmpty("the real profile passes");

        profile[field] = JsonNode.Parse(json);

        OpenApiContract.Check(schema, JsonSerializerElement(profile)).ShouldNotBeEmpty(what);
    }

    [Fact]
    public async Task a_profile_without_a_required_field_fails_the_check()
    {
        var schema = host.Contract.ResponseSchema("GET /v1/users/{id}/profile", 200, "application/json").ShouldNotBeNull();
        var profile = JsonNode.Parse(await host.Client.GetStringAsync($"/v1/users/{ConformanceHost.Listener}/profile"))!.AsObject();

        profile.Remove("user_id");

        OpenApiContract.Check(schema, JsonSerializerElement(profile)).ShouldNotBeEmpty();
    }

    private static System.Text.Json.JsonElement JsonSerializerElement(JsonNode node) =>
        System.Text.Json.JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
