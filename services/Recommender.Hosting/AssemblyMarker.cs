namespace Recommender.Hosting;

internal static class AssemblyMarker;
