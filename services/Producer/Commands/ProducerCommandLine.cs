using System.CommandLine;

namespace Producer.Commands;

/// <summary>The command tree of recommender-producer.</summary>
public static class ProducerCommandLine
{
    /// <summary>The process's entry: plain output when it is not a terminal, then the command.</summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        ProducerConsole.Configure();
        return Build().Parse(args).InvokeAsync();
    }

    public static RootCommand Build()
    {
        var global = new GlobalOptions();
        var root = new RootCommand("recommender-producer: Spotify listening, synthetic listeners or a data set → the ingestion API, through a durable outbox");
        global.AddTo(root);
        root.Subcommands.Add(SpotifyCommands.Login(global));
        root.Subcommands.Add(SpotifyCommands.Run(global));
        root.Subcommands.Add(SpotifyCommands.Logout(global));
        root.Subcommands.Add(SimulateCommand.Create(global));
        root.Subcommands.Add(ReplayCommand.Create(global));
        root.Subcommands.Add(SendCommand.Create(global));
        root.Subcommands.Add(StatusCommand.Create(global));
        return root;
    }
}
