namespace Recommender.AllInOne.Demo;

/// <summary>
/// What the demo makes and posts. The defaults finish in well under a minute on two cores
/// (measured: see README, "Quick start").
/// </summary>
public sealed record DemoSettings(HostSettings Host, int Users, int Events, int Tracks, int Seed)
{
    public const int DefaultUsers = 300;
    public const int DefaultEvents = 30_000;
    public const int DefaultTracks = 3_000;
    public const int DefaultSeed = 42;

    public const int BatchSize = 500;
    public const int Posters = 4;
    public static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(2);
}
