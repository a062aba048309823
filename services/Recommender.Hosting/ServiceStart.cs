using Recommender.Core.Configuration;

namespace Recommender.Hosting;

/// <summary>How every deployable's Main runs: a start stopped by bad settings ends with one line naming each, not a stack trace.</summary>
public static class ServiceStart
{
    /// <summary>Exit code of a start refused for its settings (a usage error).</summary>
    public const int BadSettings = 2;

    public static int Run(Action start, TextWriter? error = null)
    {
        try
        {
            start();
            return 0;
        }
        catch (Exception e) when (ValidatedOptions.OneLine(e) is { } line)
        {
            (error ?? Console.Error).WriteLine($"error: {line}");
            return BadSettings;
        }
    }
}
