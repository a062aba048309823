using System.Text.Json.Serialization;

namespace Recommender.Adapters.Aws.Athena;

// Shapes of the Amazon Athena API used, per its API reference and model (athena-2017-05-18): JSON 1.1,
// X-Amz-Target "AmazonAthena.<Operation>", member names PascalCase as on the wire.

/// <summary>StartQueryExecution: QueryString 1-262,144 characters; ClientRequestToken 32-128 characters (makes a retried start idempotent).</summary>
public sealed record StartQueryExecutionRequest
{
    public required string QueryString { get; init; }
    public string? ClientRequestToken { get; init; }
    public QueryExecutionContext? QueryExecutionContext { get; init; }
    public string? WorkGroup { get; init; }
}

public sealed record QueryExecutionContext(string? Database, string? Catalog);

public sealed record StartQueryExecutionResponse(string? QueryExecutionId);

public sealed record GetQueryExecutionRequest(string QueryExecutionId);

public sealed record GetQueryExecutionResponse(QueryExecution? QueryExecution);

public sealed record QueryExecution(string? QueryExecutionId, QueryExecutionStatus? Status, QueryExecutionStatistics? Statistics);

/// <summary>State: QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.</summary>
public sealed record QueryExecutionStatus(string? State, string? StateChangeReason, AthenaError? AthenaError);

public sealed record AthenaError(int? ErrorCategory, int? ErrorType, bool? Retryable, string? ErrorMessage);

public sealed record QueryExecutionStatistics(long? DataScannedInBytes, long? TotalExecutionTimeInMillis);

/// <summary>GetQueryResults: MaxResults 1-1,000 rows a page; NextToken continues.</summary>
public sealed record GetQueryResultsRequest(string QueryExecutionId, string? NextToken = null, int? MaxResults = null);

/// <summary>A page of rows; a SELECT's first page starts with a header row of column names. Every value is text (VarCharValue); a NULL has none.</summary>
public sealed record GetQueryResultsResponse(ResultSet? ResultSet, string? NextToken, long? UpdateCount);

public sealed record ResultSet(IReadOnlyList<ResultRow>? Rows, ResultSetMetadata? ResultSetMetadata);

public sealed record ResultRow(IReadOnlyList<Datum>? Data);

public sealed record Datum(string? VarCharValue);

public sealed record ResultSetMetadata(IReadOnlyList<ColumnInfo>? ColumnInfo);

public sealed record ColumnInfo(string Name, string Type);

/// <summary>GetWorkGroup: the workgroup's name (1-128 characters, [a-zA-Z0-9._-]).</summary>
public sealed record GetWorkGroupRequest(string WorkGroup);

public sealed record GetWorkGroupResponse(WorkGroupSummary? WorkGroup);

/// <summary>State: ENABLED or DISABLED (a disabled workgroup refuses queries).</summary>
public sealed record WorkGroupSummary(string Name, string? State);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StartQueryExecutionRequest))]
[JsonSerializable(typeof(StartQueryExecutionResponse))]
[JsonSerializable(typeof(GetQueryExecutionRequest))]
[JsonSerializable(typeof(GetQueryExecutionResponse))]
[JsonSerializable(typeof(GetQueryResultsRequest))]
[JsonSerializable(typeof(GetQueryResultsResponse))]
[JsonSerializable(typeof(GetWorkGroupRequest))]
[JsonSerializable(typeof(GetWorkGroupResponse))]
internal sealed partial class AthenaJsonContext : JsonSerializerContext;
