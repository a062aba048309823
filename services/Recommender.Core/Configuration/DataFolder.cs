namespace Recommender.Core.Configuration;

/// <summary>The one-machine mode's data folder: the stream, profiles, archive, models and builds live under it.</summary>
public static class DataFolder
{
    /// <summary>The setting that names it (<c>--data-dir</c> on the command line).</summary>
    public const string Key = "Recommender:DataDirectory";

    /// <summary>Where it is when nothing names it: beside the working directory.</summary>
    public const string Default = "./.recommender-data";
}
