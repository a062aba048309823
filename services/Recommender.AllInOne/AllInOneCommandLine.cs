using System.CommandLine;
using Recommender.Core.Configuration;
using Recommender.AllInOne.Commands;

namespace Recommender.AllInOne;

/// <summary>The verbs of the all-in-one host. Adding a verb is one line here.</summary>
public static class AllInOneCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("A real-time music recommendation platform in one process: ingestion, stream, consumers, engine, APIs.")
        {
            ServeCommand.Create(),
            DemoCommand.Create(),
            TrainCommand.Create(),
            BatchRecommendCommand.Create(),
            EvaluateCommand.Create(),
            BuildDatasetsCommand.Create(),
            CatalogCommand.Create(),
            KeysCommand.Create(),
            DeadLettersCommand.Create(),
            ReportCommand.Create(),
            CompactArchiveCommand.Create(),
        };
        ServeCommand.MakeDefault(root);
        return root;
    }

    /// <summary>
    /// Runs the command line. An unknown option, a bad value or a bad setting is one line on stderr naming it and exit code 2;
    /// any other failure one line and exit code 1; never a stack trace.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        // Ctrl+C stops the host gracefully (consumers checkpoint, stores close); give that more than the 2 s default.
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            var parsed = Create().Parse(args);
            if (FirstParseError(parsed) is { } error)
            {
                // One line, not a help page: scripts read the first line of stderr.
                await configuration.Error.WriteLineAsync($"error: {error} (see --help)");
                return CommandFailure.BadInput;
            }
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception e) when (IsParserError(e))
        {
            // a value the parser could not convert for a verb that takes settings surfaces only when the verb reads it
            await configuration.Error.WriteLineAsync($"error: {OneLine(e.Message)} (see --help)");
            return CommandFailure.BadInput;
        }
        catch (Exception e) when (e is not HostAbortedException and not OperationCanceledException)
        {
            await configuration.Error.WriteLineAsync($"error: {OneLine(e)}");
            return IsSettingsError(e) ? CommandFailure.BadInput : 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    /// <summary>
    /// The parser's first error, or the first token no option took. Only the hosting verbs (serve, demo: they let unmatched
    /// tokens through) take extra tokens, and only as <c>--Section:Key=value</c> settings.
    /// </summary>
    private static string? FirstParseError(ParseResult parsed)
    {
        var takesSettings = !parsed.CommandResult.Command.TreatUnmatchedTokensAsErrors;
        var unknown = takesSettings ? HostCommandOptions.NotSettings(parsed.UnmatchedTokens).ToList() : parsed.UnmatchedTokens.ToList();
        // an unknown option first (a mistyped option also makes a required one look missing), then the parser's errors, then stray words;
        // an argument (a key id, a file) that starts with "--" is an unknown option the parser took as the argument's value
        var optionAsArgument = parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens).Select(t => t.Value).FirstOrDefault(v => v.StartsWith("--", StringComparison.Ordinal));
        var first = optionAsArgument ?? unknown.FirstOrDefault(t => t.StartsWith('-')) ?? (parsed.Errors.Count > 0 ? null : unknown.FirstOrDefault());
        if (first is not null)
            return takesSettings ? $"unknown option or argument '{first}' (settings are given as --Section:Key=value)" : $"unknown option or argument '{first}'";
        return parsed.Errors.Count > 0 ? OneLine(parsed.Errors[0].Message) : null;
    }

    private static bool IsParserError(Exception e) =>
        e is InvalidOperationException && e.TargetSite?.DeclaringType?.Namespace?.StartsWith("System.CommandLine", StringComparison.Ordinal) == true;

    /// <summary>Settings the host refused: a value its options check rejects, or one the configuration binder cannot convert.</summary>
    private static bool IsSettingsError(Exception e) => e switch
    {
        _ when ValidatedOptions.OneLine(e) is not null => true,
        InvalidOperationException { TargetSite.DeclaringType.FullName: "Microsoft.Extensions.Configuration.ConfigurationBinder" } => true,
        AggregateException { InnerExceptions.Count: 1 } a => IsSettingsError(a.InnerExceptions[0]),
        _ => false,
    };

    private static string OneLine(string message)
    {
        // "Did you mean one of the following?" lists the choices on lines of their own
        var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length <= 1 ? message.Trim() : $"{lines[0]} {string.Join(", ", lines.Skip(1))}";
    }

    private static string OneLine(Exception e) => e switch
    {
        _ when ValidatedOptions.OneLine(e) is { } settings => settings,
        AggregateException { InnerExceptions.Count: 1 } a => OneLine(a.InnerExceptions[0]),
        IOException io when io.InnerException is null => io.Message,
        _ when e.InnerException is { } inner && e is System.Reflection.TargetInvocationException => OneLine(inner),
        _ => e.Message.ReplaceLineEndings(" "),
    };
}
