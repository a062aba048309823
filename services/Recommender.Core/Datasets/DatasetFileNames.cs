namespace Recommender.Core.Datasets;

/// <summary>
/// The one rule every dataset store applies to a run id and a file name: each is one path segment, so a name can never reach
/// outside its run's folder or prefix, and the same names work on every backend.
/// </summary>
public static class DatasetFileNames
{
    public static void EnsureOneSegment(string runId, string fileName)
    {
        Ensure(runId, "a run id", nameof(runId));
        Ensure(fileName, "a file name", nameof(fileName));
    }

    private static void Ensure(string name, string what, string parameter)
    {
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.Any(c => c is '/' or '\\' || char.IsControl(c)))
            throw new ArgumentException($"{what} is one path segment (not empty, \".\" or \"..\", no slash or control character); got \"{Printable(name)}\"", parameter);
    }

    // The message may be logged: control characters in it would forge log lines.
    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
