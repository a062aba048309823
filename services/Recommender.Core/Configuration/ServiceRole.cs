namespace Recommender.Core.Configuration;

/// <summary>
/// A role this process plays in a deployment ("ingestion-api", "hot-path", ...), as datasets/deployment/readiness.json and the
/// Pulumi program name it: the adapters check the dependencies of every role registered (the all-in-one host plays several).
/// </summary>
public sealed record ServiceRole(string Name);
