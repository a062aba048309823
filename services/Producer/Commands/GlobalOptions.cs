using System.CommandLine;

namespace Producer.Commands;

/// <summary>Options every command takes: where the producer keeps its files and where it posts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Home { get; } = new("--home")
    {
        Description = $"Folder for the outbox and the encrypted tokens (default ${ProducerSettings.HomeVariable} or ~/.recommender-producer)",
        Recursive = true,
    };

    public Option<string?> IngestionUrl { get; } = new("--ingestion-url")
    {
        Description = "Base URL of the ingestion API (default $RECOMMENDER_INGESTION_URL or http://127.0.0.1:5080)",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Home);
        root.Options.Add(IngestionUrl);
    }

    public ProducerSettings Settings(ParseResult parse)
    {
        var settings = ProducerSettings.Load(parse.GetValue(Home));
        return parse.GetValue(IngestionUrl) is { } url ? settings with { IngestionUrl = ProducerSettings.Url(url)! } : settings;
    }
}

internal static class CommandRunner
{
    /// <summary>A failure the user can act on becomes one line on stderr and exit code 1, never a stack trace.</summary>
    public static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ProducerException or Spotify.SpotifyForbiddenException or Spotify.SpotifyUnavailableException
                                       or Delivery.IngestionRefusedException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("stopped; anything not yet delivered stays in the outbox and is sent next time.");
            return 130;
        }
    }

    public static Task<int> Run(Func<int> action) => Run(() => Task.FromResult(action()));
}
