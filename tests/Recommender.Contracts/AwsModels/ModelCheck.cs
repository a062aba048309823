namespace Recommender.Contracts.AwsModels;

/// <summary>
/// What a model check found. AWS answers a body it cannot read into the shapes (a wrong type, an unknown member) with
/// SerializationException, and a readable one that breaks a constraint (required, length, range, pattern, enum) with the
/// service's validation error (ValidationException, or InvalidInputException on Personalize), listing every violation.
/// </summary>
public sealed class ModelCheck
{
    private readonly List<string> _serialization = [];
    private readonly List<string> _constraints = [];

    public IReadOnlyList<string> SerializationProblems => _serialization;
    public IReadOnlyList<string> ConstraintProblems => _constraints;
    public bool Passed => _serialization.Count == 0 && _constraints.Count == 0;

    internal void Serialization(string path, string problem) => _serialization.Add(path.Length == 0 ? problem : $"'{path}': {problem}");

    internal void Constraint(string path, string problem) =>
        _constraints.Add($"Value at '{path}' failed to satisfy constraint: {problem}");

    /// <summary>AWS's wording: "2 validation errors detected: Value at 'x' failed to satisfy constraint: ...; Value at ...".</summary>
    public string ConstraintMessage() =>
        $"{_constraints.Count} validation error{(_constraints.Count == 1 ? "" : "s")} detected: {string.Join("; ", _constraints)}";

    public string SerializationMessage() => string.Join("; ", _serialization);

    public override string ToString() => Passed ? "passed" : string.Join("; ", _serialization.Concat(_constraints));
}
