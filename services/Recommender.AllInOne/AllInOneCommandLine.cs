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
        };
        ServeCommand.MakeDefault(root);
        return root;
    }

    /// <summary>Runs the command line; a failure is one line on stderr and exit code 1, never a stack trace.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        // Ctrl+C stops the host gracefully (consumers checkpoint, stores close); give that more than the 2 s default.
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            var parsed = Create().Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // One line, not a help page: scripts read the first line of stderr.
                await configuration.Error.WriteLineAsync($"error: {parsed.Errors[0].Message} (see --help)");
                return CommandFailure.BadInput;
            }
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception e) when (e is not HostAbortedException and not OperationCanceledException)
        {
            await configuration.Error.WriteLineAsync($"error: {OneLine(e)}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
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
