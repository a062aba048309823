using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Access;

namespace Recommender.Hosting.Security;

/// <summary>The scope an endpoint needs; null for "any valid key". An endpoint that declares none needs <c>admin</c>.</summary>
public sealed record ApiScopeMetadata(string? Scope);

/// <summary>Where an endpoint names the user whose data it serves, so a key bound to a user is held to that user.</summary>
public sealed record CallerUserMetadata(CallerUserSource Source, string Name);

public enum CallerUserSource
{
    Route,
    Query,
}

/// <summary>Marks an endpoint that Lambda itself calls with non-HTTP events (Kinesis batches, schedules) through the Web Adapter.</summary>
public sealed record LambdaEventMetadata;

/// <summary>How endpoints declare what they need from the caller.</summary>
public static class ApiAccess
{
    /// <summary>Needs a key with <paramref name="scope"/> once keys are in force.</summary>
    public static TBuilder RequireApiScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!ApiScopes.All.Contains(scope)) throw new ArgumentException($"unknown scope {scope}", nameof(scope));
        return builder.WithMetadata([new ApiScopeMetadata(scope), .. ApiAccessDocumentation.ProblemMetadata()]);
    }

    /// <summary>Needs a valid key of any scope once keys are in force (the OpenAPI document).</summary>
    public static TBuilder RequireAnyApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([new ApiScopeMetadata(null), .. ApiAccessDocumentation.ProblemMetadata()]);

    /// <summary>A key bound to a user may call this endpoint only for that user, named by this route value or query parameter.</summary>
    public static TBuilder ForCallerUser<TBuilder>(this TBuilder builder, CallerUserSource source, string name) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CallerUserMetadata(source, name));

    /// <summary>Lambda's own invocations (no API Gateway in between) may reach this endpoint on AWS; locally it needs <c>admin</c>.</summary>
    public static TBuilder AcceptLambdaEvents<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LambdaEventMetadata());
}
