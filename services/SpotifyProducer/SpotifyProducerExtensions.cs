using Recommender.Core.Configuration;
using Recommender.Core.SpotifyLinks;
using Recommender.Hosting;
using SpotifyProducer.Linking;
using SpotifyProducer.Polling;

namespace SpotifyProducer;

public static class SpotifyProducerExtensions
{
    /// <summary>
    /// The hosted producer's services; the link store, the token cipher and the stream come from the platform adapters.
    /// The polling loop runs in this process when <see cref="SpotifyProducerOptions.HostedLoop"/> says so (default: Local mode).
    /// </summary>
    public static IHostApplicationBuilder AddSpotifyProducer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.CanHostSpotifyProducer())
            throw new InvalidOperationException(
                $"The hosted Spotify producer needs a Spotify link store and a token cipher, and the {services.ChosenMode()} adapters do not provide both; " +
                "on AWS set Aws:Kms:TokenKeyId to the KMS key that seals the listeners' tokens.");
        services.AddValidatedOptions<SpotifyProducerOptions>(builder.Configuration, SpotifyProducerOptions.Section);
        services.AddHttpClient(SpotifyClients.HttpClientName, (sp, http) =>
            http.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SpotifyProducerOptions>>().Value.RequestTimeout);
        services.AddSingleton<SpotifyRetryDelay>((wait, ct) => Task.Delay(wait, ct));
        services.AddSingleton<SpotifyClients>();
        services.AddSingleton<AccountLinker>();
        services.AddSingleton<LinkedAccountPoller>();
        services.AddSingleton<PollingRound>();
        var hostedLoop = builder.Configuration.GetValue<bool?>($"{SpotifyProducerOptions.Section}:{nameof(SpotifyProducerOptions.HostedLoop)}")
                         ?? services.ChosenMode() == PlatformMode.Local;
        if (hostedLoop) services.AddHostedService<PollingLoop>();
        // the link function's (one app serves it, the fan-out and the poller): in aws mode /readyz checks what readiness.json declares for it
        if (builder.Configuration[$"{SpotifyProducerOptions.Section}:{nameof(SpotifyProducerOptions.ReadinessRole)}"] is { Length: > 0 } role)
            services.AddSingleton(new ServiceRole(role));
        return builder;
    }

    /// <summary>True when the platform adapters give the producer a link store and a token cipher (on AWS: with Aws:Kms:TokenKeyId set).</summary>
    public static bool CanHostSpotifyProducer(this IServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(ISpotifyLinkStore)) && services.Any(d => d.ServiceType == typeof(ITokenCipher));

    public static IEndpointRouteBuilder MapSpotifyProducerApi(this IEndpointRouteBuilder app) => app.MapSpotifyLinks();
}
