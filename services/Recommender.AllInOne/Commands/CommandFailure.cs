namespace Recommender.AllInOne.Commands;

/// <summary>Runs a verb's work so that bad input ends in one line on stderr and a non-zero exit, never a stack trace.</summary>
internal static class CommandFailure
{
    public const int BadInput = 2;

    public static int Guard(Func<int> work)
    {
        try { return work(); }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>Writes the one line and returns the exit code, for verbs that write to the invocation's error stream.</summary>
    public static async Task<int> FailAsync(TextWriter error, int code, string message)
    {
        await error.WriteLineAsync($"error: {message}");
        return code;
    }

    public static void RequireFile(string path, string option)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{option}: no file at {path}");
    }
}
