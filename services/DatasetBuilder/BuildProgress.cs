namespace DatasetBuilder;

/// <summary>One line of progress of a build run: the step it is in and what just happened.</summary>
public sealed record BuildProgress(string Step, string Message);
