namespace Recommender.Core.Events;

/// <summary>One broken rule: which event of the batch (null for the request as a whole), which field, and why.</summary>
public sealed record FieldError(int? Index, string Field, string Message);
