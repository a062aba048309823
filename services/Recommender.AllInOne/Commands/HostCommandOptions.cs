using System.CommandLine;
using System.CommandLine.Parsing;
using Recommender.Core.Configuration;

namespace Recommender.AllInOne.Commands;

/// <summary>The options every hosting verb takes: where state lives and which loopback port to listen on.</summary>
public sealed class HostCommandOptions
{
    public const int DefaultPort = 5080;

    public Option<string> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Folder for the stream, profiles, archive and models",
        DefaultValueFactory = _ => DataFolder.Default,
        HelpName = "DIR",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "Port to listen on at 127.0.0.1 (0 picks a free one)",
        DefaultValueFactory = _ => DefaultPort,
        HelpName = "N",
    };

    public HostCommandOptions()
    {
        Port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535) result.AddError("--port must be 0 to 65535");
        });
        DataDirectory.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>())) result.AddError("--data-dir must name a folder");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(DataDirectory);
        command.Options.Add(Port);
    }

    public HostSettings Read(ParseResult result, LogLevel minimumLogLevel = LogLevel.Information) =>
        new(result.GetValue(DataDirectory)!, result.GetValue(Port), minimumLogLevel);

    /// <summary>
    /// Tokens the parser did not know, passed on as configuration. Only <c>--Section:Key=value</c> is
    /// taken, so a mistyped verb is an error instead of a server quietly starting.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationArgs(ParseResult result)
    {
        var bad = result.UnmatchedTokens.FirstOrDefault(t => !(t.StartsWith("--", StringComparison.Ordinal) && t.Contains('=')));
        return bad is null ? result.UnmatchedTokens : throw new ArgumentException($"unknown argument \"{bad}\"; see --help");
    }
}
