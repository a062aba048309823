using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws;
using Recommender.Adapters.Local;
using Recommender.Core.Configuration;
using Recommender.Engine.Hosting;

namespace Recommender.Hosting;

/// <summary>
/// The one place adapters are chosen, from <c>Recommender:Mode</c> (Local by default, or Aws). The mode read here is
/// registered as a <see cref="PlatformMode"/> singleton for the few parts that are not ports (the dataset builder's
/// publishing flow), so nothing reads the setting a second time.
/// </summary>
public static class PlatformAdapters
{
    public const string ModeKey = "Recommender:Mode";
    public const string DataDirectoryKey = DataFolder.Key;

    public static IServiceCollection AddPlatformAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = ReadMode(configuration);
        services.AddSingleton(typeof(PlatformMode), mode);
        switch (mode)
        {
            case PlatformMode.Local:
                services.AddLocalAdapters(configuration);
                services.AddEmbeddedEngine(configuration);
                break;
            case PlatformMode.Aws:
                services.AddAwsAdapters(configuration);
                break;
        }
        return services;
    }

    /// <summary>The mode <see cref="AddPlatformAdapters"/> chose, for composition decisions that are not adapters (which loops a host runs).</summary>
    public static PlatformMode ChosenMode(this IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(PlatformMode))?.ImplementationInstance is PlatformMode mode
            ? mode
            : throw new InvalidOperationException("AddPlatformAdapters has not run: no adapters are chosen yet");

    private static PlatformMode ReadMode(IConfiguration configuration)
    {
        var text = configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(text)) return PlatformMode.Local;
        return Enum.TryParse<PlatformMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new OptionsValidationException(ModeKey, typeof(PlatformMode), [$"{ModeKey} is \"{text}\"; it must be Local or Aws."]);
    }
}
