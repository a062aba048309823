using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Recommender.Hosting.Security;

/// <summary>
/// Writes the key rules into the OpenAPI document: the <c>x-api-key</c> scheme, and on every operation that needs a key its scope
/// and its 401, 403 and 429 problems (documented through endpoint metadata, so the document and the answers agree).
/// </summary>
public static class ApiAccessDocumentation
{
    public const string SchemeName = "ApiKey";

    /// <summary>The problems any endpoint that needs a key can answer: no valid key, a key that may not, a key past its rate.</summary>
    internal static readonly int[] KeyProblems = [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests];

    internal static IEnumerable<object> ProblemMetadata() =>
        KeyProblems.Select(status => new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [Problems.ContentType]));

    internal static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyMiddleware.Header,
                Description = "Needed once any API key exists (the APIs are open until then). Scopes: ingest, read, admin; a key may be bound to one user.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiScopeMetadata>().LastOrDefault() is not { } scope) return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            var needs = scope.Scope is null ? "Needs an API key of any scope" : $"Needs an API key with the \"{scope.Scope}\" scope";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? $"{needs}." : $"{operation.Description} {needs}.";
            return Task.CompletedTask;
        });
    }
}
