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

    /// <summary>Tokens the parser did not know, passed on as configuration; the command line checked they are all settings (<see cref="NotSettings"/>).</summary>
    public static IReadOnlyList<string> ConfigurationArgs(ParseResult result) =>
        NotSettings(result.UnmatchedTokens).FirstOrDefault() is { } bad
            ? throw new ArgumentException($"unknown argument \"{bad}\"; see --help")
            : result.UnmatchedTokens;

    /// <summary>
    /// The tokens that are not <c>--Section:Key=value</c> settings. A section is required (or one of the host's own keys, which
    /// test hosts pass; a section's own empty entry <c>--Section=</c> beside its keys too), so a mistyped option
    /// (<c>--dtaa-dir=x</c>) is an error instead of a setting nobody reads.
    /// </summary>
    public static IEnumerable<string> NotSettings(IReadOnlyList<string> tokens)
    {
        var keys = tokens.Select(Key).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var key = keys[i];
            var setting = key is not null && (IsSectionKey(key) || HostKeys.Contains(key)
                || (tokens[i].EndsWith('=') && keys.Any(k => k is not null && k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))));
            if (!setting) yield return tokens[i];
        }
    }

    /// <summary>The key of a <c>--Key=value</c> token; null for anything else.</summary>
    private static string? Key(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=') is > 2 and var equals ? token[2..equals] : null;

    private static bool IsSectionKey(string key) => key.IndexOf(':') is > 0 and var colon && colon < key.Length - 1;

    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        HostDefaults.EnvironmentKey, HostDefaults.ContentRootKey, HostDefaults.ApplicationKey, WebHostDefaults.ServerUrlsKey,
    };
}
