using System.CommandLine;
using Recommender.AllInOne.Demo;
using Spectre.Console;

namespace Recommender.AllInOne.Commands;

/// <summary><c>demo</c>: start everything, post synthetic listening through the real API, show what came out, keep serving.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var host = new HostCommandOptions();
        var users = Positive("--users", "Synthetic listeners", DemoSettings.DefaultUsers);
        var events = Positive("--events", "Listening events to post", DemoSettings.DefaultEvents);
        var tracks = Positive("--tracks", "Tracks in the synthetic catalog", DemoSettings.DefaultTracks);
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic catalog and listening", DefaultValueFactory = _ => DemoSettings.DefaultSeed, HelpName = "N" };

        var command = new Command("demo", "Start everything, post synthetic listening through the ingestion API, print a summary, keep serving until Ctrl+C")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in new[] { users, events, tracks, seed }) command.Options.Add(option);
        host.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new DemoSettings(host.Read(result, LogLevel.Warning), result.GetValue(users), result.GetValue(events), result.GetValue(tracks), result.GetValue(seed));
            var console = DemoConsole.For(result.InvocationConfiguration.Output);
            return await DemoRun.RunAsync(settings, console, HostCommandOptions.ConfigurationArgs(result), cancellationToken);
        });
        return command;
    }

    private static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "N" };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be 1 or more");
        });
        return option;
    }
}

/// <summary>The console the demo writes to: live progress on a terminal, plain lines when redirected (CI, pipes, tests).</summary>
public static class DemoConsole
{
    public static IAnsiConsole For(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // A log or a pipe has no width: never wrap, so lines like the curl command stay whole.
        if (!terminal) console.Profile.Width = 1_000;
        return console;
    }
}
