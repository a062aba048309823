namespace Recommender.Hosting;

/// <summary>Which adapters the composition root wires in: the embedded defaults, or AWS.</summary>
public enum PlatformMode
{
    Local,
    Aws,
}
