using System.CommandLine;

namespace Recommender.AllInOne.Commands;

/// <summary>Runs a verb's work so that bad input ends in one line on stderr and a non-zero exit, never a stack trace.</summary>
internal static class CommandFailure
{
    public const int BadInput = 2;

    /// <summary>Runs <paramref name="work"/>; bad input it throws on is one line on the invocation's error stream and exit 2.</summary>
    public static int Guard(ParseResult parse, Func<int> work)
    {
        try { return work(); }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or KeyNotFoundException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    /// <summary>The option takes only these values; anything else is refused naming the option (the parser's own message does not).</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !values.Contains(value, StringComparer.Ordinal))
                result.AddError($"{option.Name} must be one of {string.Join(", ", values)}; got \"{value}\"");
        });
        option.CompletionSources.Add(values);
        return option;
    }

    /// <summary>Writes the one line and returns the exit code, for verbs that write to the invocation's error stream.</summary>
    public static async Task<int> FailAsync(TextWriter error, int code, string message)
    {
        await error.WriteLineAsync($"error: {message}");
        return code;
    }

    /// <summary>A verb that reads a data folder refuses one that is not there, instead of reading an empty new one.</summary>
    public static string? MissingDataFolder(string path) =>
        Directory.Exists(path) ? null : $"--data-dir: no data folder at {Path.GetFullPath(path)} (serve or demo create one)";

    public static void RequireFile(string path, string option)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{option}: no file at {path}");
    }
}
