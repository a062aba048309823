namespace Recommender.Adapters.Aws;

internal static class AssemblyMarker;
