using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Recommender.Core.Access;

namespace Recommender.Hosting.Security;

/// <summary>
/// Every request but the probes' needs a key once any key exists (or <see cref="SecurityOptions.RequireApiKeys"/>): 401
/// without a valid one, 403 when the key lacks the endpoint's scope or is bound to another user than the one the route or query
/// names. Keys come from the <see cref="Keyring"/>, or on AWS from the API Gateway authorizer's context.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, Keyring keyring, IOptions<SecurityOptions> options)
{
    public const string Header = "x-api-key";

    private readonly bool _behindGateway = options.Value.TrustApiGatewayAuthorizer;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }

        ApiCaller? caller;
        if (_behindGateway)
        {
            var (kind, fromGateway) = GatewayContext.Read(context.Request);
            // Lambda's own invocation of an event endpoint: no gateway and no client in between, only an IAM principal could invoke.
            if (kind == GatewayContext.Kind.LambdaEvent && endpoint?.Metadata.GetMetadata<LambdaEventMetadata>() is not null)
            {
                await next(context);
                return;
            }
            if (fromGateway is null)
            {
                await Unauthorized(context);
                return;
            }
            caller = fromGateway;
        }
        else
        {
            Keyring.Snapshot keys;
            try
            {
                keys = await keyring.CurrentAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Fail closed, and say it is the server's trouble, not the key's.
                await Problems.Unavailable(context, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(1),
                    "the API keys cannot be read right now; retry later").ExecuteAsync(context);
                return;
            }
            if (!keys.KeysRequired)
            {
                await next(context);
                return;
            }
            var key = keys.Authenticate(context.Request.Headers[Header].ToString());
            if (key is null)
            {
                await Unauthorized(context);
                return;
            }
            caller = ApiCaller.Of(key);
        }

        context.SetApiCaller(caller);
        if (Refusal(context, endpoint, caller) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static IResult? Refusal(HttpContext context, Endpoint? endpoint, ApiCaller caller)
    {
        // A path no endpoint serves needs a key, any key, before its 404; an endpoint that says nothing needs admin.
        var scope = endpoint is null ? null : endpoint.Metadata.GetMetadata<ApiScopeMetadata>() is { } declared ? declared.Scope : ApiScopes.Admin;
        if (scope is not null && !caller.Scopes.Contains(scope))
            return Problems.Forbidden($"this key lacks the \"{scope}\" scope this endpoint needs");
        if (endpoint?.Metadata.GetMetadata<CallerUserMetadata>() is { } named && caller.UserId is not null)
        {
            var userId = named.Source == CallerUserSource.Route
                ? context.Request.RouteValues[named.Name]?.ToString()
                : context.Request.Query[named.Name].ToString();
            if (!string.IsNullOrEmpty(userId) && !caller.MayActFor(userId))
                return context.ForeignUsers([(named.Name, userId)]);
        }
        return null;
    }

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        // The same answer for a missing, unknown, malformed or revoked key, and never the key itself.
        return Problems.Unauthorized($"this API needs a valid {Header} header").ExecuteAsync(context);
    }
}
