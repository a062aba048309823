namespace Recommender.AwsFakes;

/// <summary>An AWS error answer a fake gives: HTTP status, error code (the JSON "__type") and message.</summary>
public sealed class AwsFault(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static AwsFault NotFound(string message) => new(404, "ResourceNotFoundException", message);
    public static AwsFault InUse(string message) => new(400, "ResourceInUseException", message);
    public static AwsFault AlreadyExists(string message) => new(400, "ResourceAlreadyExistsException", message);
}
