using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Recommender.Hosting;

/// <summary>How endpoints describe themselves in the OpenAPI document: declared parameters and problem responses.</summary>
public static class ApiDocumentation
{
    /// <summary>Documents each parameter as declared (type, range, default, description), replacing what the framework inferred.</summary>
    public static TBuilder WithParameters<TBuilder>(this TBuilder builder, params ApiParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                var inferred = operation.Parameters.Where(p => p.Name == parameter.Name && p.In == parameter.In).ToList();
                foreach (var p in inferred) operation.Parameters.Remove(p);
                operation.Parameters.Add(parameter.ToOpenApi());
            }
            return Task.CompletedTask;
        });

    /// <summary>Documents RFC 7807 problem answers (<see cref="ApiProblem"/>, application/problem+json) for these statuses.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes) builder.Produces<ApiProblem>(status, Problems.ContentType);
        return builder;
    }

    /// <summary>The document-wide rules every service shares.</summary>
    internal static void Configure(OpenApiOptions options)
    {
        // a null is never written (WhenWritingNull), so a nullable property is optional on the wire, whatever the constructor says
        options.AddSchemaTransformer((schema, _, _) =>
        {
            if (schema.Properties is { Count: > 0 } properties && schema.Required is { Count: > 0 } required)
                foreach (var (name, property) in properties)
                    if (property.Type is { } type && type.HasFlag(JsonSchemaType.Null)) required.Remove(name);
            return Task.CompletedTask;
        });
    }
}
