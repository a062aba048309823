namespace DatasetBuilder;

internal static class AssemblyMarker;
