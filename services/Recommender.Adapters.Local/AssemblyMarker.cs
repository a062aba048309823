namespace Recommender.Adapters.Local;

internal static class AssemblyMarker;
