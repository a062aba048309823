using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Access;
using Recommender.Core.SpotifyLinks;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace SpotifyProducer.Linking;

/// <summary>
/// Linking listeners' Spotify accounts through the platform: start a connect, Spotify's callback, a link's status,
/// unlink. The callback is reached by the listener's browser coming back from Spotify, so it carries no API key: the
/// single-use, expiring state it must present is what authenticates it.
/// </summary>
public static class SpotifyLinkEndpoints
{
    public const string CallbackPath = "/v1/spotify/callback";

    public static IEndpointRouteBuilder MapSpotifyLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/spotify").WithTags("Spotify");
        // Linking an account makes a producer of that listener's events: an "ingest" key, held to its user when bound.
        group.MapGet("/connect", Connect)
            .RequireApiScope(ApiScopes.Ingest).ForCallerUser(CallerUserSource.Query, "user_id")
            .WithName("ConnectSpotify")
            .WithSummary("Start linking a listener's Spotify account (Authorization Code with PKCE)")
            .WithDescription("Answers the Spotify authorize URL to send the listener's browser to. The PKCE verifier and the state stay " +
                             "on the server and expire after SpotifyProducer:ConnectExpiry (10 minutes). 503 while no Spotify app is configured.")
            .WithParameters(SpotifyLinkParameters.UserId, SpotifyLinkParameters.Redirect)
            .Produces(StatusCodes.Status302Found)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/callback", Callback)
            .AllowAnonymous()
            .WithName("SpotifyCallback")
            .WithSummary("Spotify's redirect after the listener approved (or refused) the link")
            .WithDescription("Exchanges the code with the kept verifier, reads the listener's account_id, seals and stores the tokens. " +
                             "With SpotifyProducer:ReturnUrl set, answers 303 to it with spotify=linked|error instead. " +
                             "400: unknown, used or expired state, or the listener did not approve; 403: Spotify refused the account " +
                             "(a Development Mode app's allowlist); 409: the Spotify account is linked to another listener; 502: Spotify failed.")
            .WithParameters(SpotifyLinkParameters.State, SpotifyLinkParameters.Code, SpotifyLinkParameters.Error)
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict,
                StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/link/{user}", Status)
            .RequireApiScope(ApiScopes.Ingest).ForCallerUser(CallerUserSource.Route, "user")
            .WithName("GetSpotifyLink")
            .WithSummary("A linked account's polling status: last poll, last error, cursor")
            .WithParameters(SpotifyLinkParameters.User)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapDelete("/link/{user}", Unlink)
            .RequireApiScope(ApiScopes.Ingest).ForCallerUser(CallerUserSource.Route, "user")
            .WithName("UnlinkSpotify")
            .WithSummary("Unlink a listener's Spotify account and delete its tokens")
            .WithParameters(SpotifyLinkParameters.User)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<ConnectAnswer>, RedirectHttpResult, ProblemHttpResult>> Connect(
        HttpContext context, AccountLinker linker, SpotifyClients clients, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(context.Request.Query);
        var userId = q.Text(SpotifyLinkParameters.UserId);
        var redirect = q.Boolean(SpotifyLinkParameters.Redirect);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        if (!clients.Options.Configured) return NotConfigured(context);

        var redirectUri = clients.Options.RedirectUri
            ?? new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{CallbackPath}");
        var started = await linker.StartAsync(userId!, redirectUri, cancellationToken);
        return redirect
            ? TypedResults.Redirect(started.AuthorizeUrl.AbsoluteUri)
            : TypedResults.Ok(new ConnectAnswer(started.AuthorizeUrl.AbsoluteUri, started.ExpiresAt));
    }

    private static async Task<Results<Ok<LinkedAnswer>, SeeOther, ProblemHttpResult>> Callback(
        HttpContext context, AccountLinker linker, SpotifyClients clients, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(context.Request.Query);
        var state = q.Text(SpotifyLinkParameters.State);
        var code = q.Text(SpotifyLinkParameters.Code);
        var error = q.Text(SpotifyLinkParameters.Error);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        if (!clients.Options.Configured) return NotConfigured(context);

        SpotifyLink link;
        try
        {
            link = await linker.FinishAsync(state!, code, error, cancellationToken);
        }
        catch (LinkRefusedException e)
        {
            if (AccountLinker.ReturnTo(clients.Options.ReturnUrl, "error", null) is { } back) return new SeeOther(back);
            return TypedResults.Problem(statusCode: e.Status, title: "The Spotify account was not linked", detail: e.Message);
        }
        if (AccountLinker.ReturnTo(clients.Options.ReturnUrl, "linked", link.UserId) is { } page) return new SeeOther(page);
        return TypedResults.Ok(new LinkedAnswer(link.UserId, link.AccountId, link.DisplayName, link.LinkedAt));
    }

    private static async Task<Results<Ok<LinkStatus>, ProblemHttpResult>> Status(
        string user, HttpRequest request, ISpotifyLinkStore links, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(SpotifyLinkParameters.User, user);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        return await links.GetAsync(user, cancellationToken) is { } link
            ? TypedResults.Ok(LinkStatus.Of(link))
            : Problems.NotFound($"no Spotify account is linked for \"{user}\"");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unlink(
        string user, HttpRequest request, ISpotifyLinkStore links, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        q.Id(SpotifyLinkParameters.User, user);
        if (!q.IsValid) return Problems.BadParameters(q.Errors);
        return await links.UnlinkAsync(user, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"no Spotify account is linked for \"{user}\"");
    }

    private static ProblemHttpResult NotConfigured(HttpContext context) =>
        Problems.Unavailable(context, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromMinutes(5),
            "the hosted Spotify producer is not configured: set SpotifyProducer:ClientId to the platform's Spotify app");

    /// <summary>303 See Other: the browser follows with a GET whatever brought it here.</summary>
    public sealed class SeeOther(Uri location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location.AbsoluteUri;
            return Task.CompletedTask;
        }
    }
}
