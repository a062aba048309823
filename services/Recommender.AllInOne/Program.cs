namespace Recommender.AllInOne;

/// <summary>Entry point; also the marker type tests host with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public sealed class Program
{
    public static Task<int> Main(string[] args) => AllInOneCommandLine.InvokeAsync(args);
}
