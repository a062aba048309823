namespace Recommender.Engine;

internal static class AssemblyMarker;
