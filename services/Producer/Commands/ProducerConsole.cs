using Spectre.Console;

namespace Producer.Commands;

/// <summary>
/// Colours and live progress only for a person at a terminal: when the output goes to a file or a pipe (a log, CI), or
/// NO_COLOR is set, the producer writes plain text without ANSI escape codes.
/// </summary>
public static class ProducerConsole
{
    public static void Configure()
    {
        if (!Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
    }
}
