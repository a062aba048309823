namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// A DynamoDB table another component needs (registered as a singleton), with string keys: with
/// Aws:CreateMissingResources=true on local peers it is created at start like the adapters' own tables; on AWS the
/// infrastructure program creates it.
/// </summary>
public sealed record DynamoDbTableRequirement(string TableName, string HashKey, string? RangeKey = null);
