using Recommender.Core.SpotifyLinks;
using Recommender.Hosting;

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
        group.MapGet("/connect", Connect)
            .WithName("ConnectSpotify")
            .WithSummary("Start linking a listener's Spotify account (Authorization Code with PKCE)")
            .WithDescription("Answers the Spotify authorize URL to send the listener's browser to (redirect=true answers 302 to it instead). " +
                             "The PKCE verifier and the state stay on the server and expire after SpotifyProducer:ConnectExpiry (10 minutes).")
            .Produces<ConnectAnswer>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/callback", Callback)
            .WithName("SpotifyCallback")
            .WithSummary("Spotify's redirect after the listener approved (or refused) the link")
            .WithDescription("Exchanges the code with the kept verifier, reads the listener's account_id, seals and stores the tokens. " +
                             "Answers a short page, or 303 to SpotifyProducer:ReturnUrl with spotify=linked|error when that is set.")
            .Produces<LinkedAnswer>(StatusCodes.Status200OK, "text/html")
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/link/{user}", Status)
            .WithName("GetSpotifyLink")
            .WithSummary("A linked account's polling status: last poll, last error, cursor")
            .Produces<LinkStatus>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/link/{user}", Unlink)
            .WithName("UnlinkSpotify")
            .WithSummary("Unlink a listener's Spotify account and delete its tokens")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Connect(HttpContext context, AccountLinker linker, SpotifyClients clients, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query);
        var userId = query.Text("user_id");
        var redirect = query.Boolean("redirect", false);
        if (userId is null && query.IsValid) query.Error("user_id", "is required: the listener whose Spotify account is linked");
        if (!query.IsValid) return Problems.BadParameters(query.Errors);
        if (!clients.Options.Configured) return NotConfigured(context);

        var redirectUri = clients.Options.RedirectUri
            ?? new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{CallbackPath}");
        var started = await linker.StartAsync(userId!, redirectUri, cancellationToken);
        return redirect
            ? TypedResults.Redirect(started.AuthorizeUrl.AbsoluteUri)
            : TypedResults.Ok(new ConnectAnswer(started.AuthorizeUrl.AbsoluteUri, started.ExpiresAt));
    }

    private static async Task<IResult> Callback(HttpContext context, AccountLinker linker, SpotifyClients clients, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(context.Request.Query);
        var state = query.Text("state", maxLength: 128);
        var code = query.Text("code", maxLength: 2048);
        var error = query.Text("error");
        if (state is null && query.IsValid) query.Error("state", "is required: Spotify sends it back with the code");
        if (!query.IsValid) return Problems.BadParameters(query.Errors);
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
        if (AccountLinker.ReturnTo(clients.Options.ReturnUrl, "linked", link.UserId) is { } page)
            return new SeeOther(page);
        return TypedResults.Content(LinkedPage(link), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Status(string user, ISpotifyLinkStore links, CancellationToken cancellationToken)
    {
        if (BadUser(user) is { } bad) return bad;
        return await links.GetAsync(user, cancellationToken) is { } link
            ? TypedResults.Ok(LinkStatus.Of(link))
            : Problems.NotFound($"no Spotify account is linked for {user}");
    }

    private static async Task<IResult> Unlink(string user, ISpotifyLinkStore links, CancellationToken cancellationToken)
    {
        if (BadUser(user) is { } bad) return bad;
        return await links.UnlinkAsync(user, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"no Spotify account is linked for {user}");
    }

    private static IResult? BadUser(string user) =>
        user.Length is 0 or > 256 || user.Any(char.IsControl)
            ? Problems.BadParameters([new Problems.ParameterError("user", "must be 1 to 256 characters without control characters")])
            : null;

    private static IResult NotConfigured(HttpContext context) =>
        Problems.Unavailable(context, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromMinutes(5),
            "the hosted Spotify producer is not configured: set SpotifyProducer:ClientId to the platform's Spotify app");

    private static string LinkedPage(SpotifyLink link) =>
        $"<!doctype html><title>Spotify linked</title><p>Spotify account {System.Net.WebUtility.HtmlEncode(link.DisplayName ?? link.AccountId)} " +
        $"is linked for {System.Net.WebUtility.HtmlEncode(link.UserId)}. Its plays arrive with the next polls; you can close this tab.</p>";

    /// <summary>303 See Other: the browser follows with a GET whatever brought it here.</summary>
    private sealed class SeeOther(Uri location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location.AbsoluteUri;
            return Task.CompletedTask;
        }
    }
}
