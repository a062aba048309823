using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Recommender.Contracts.AwsModels;
using Recommender.Core.Analytics;

namespace Recommender.AwsFakes.Athena;

/// <summary>How a <see cref="FakeAthena"/> starts.</summary>
/// <param name="Known">The one key pair it knows.</param>
/// <param name="WorkGroup">The only workgroup; its configuration holds the results location, as the Pulumi program's does.</param>
/// <param name="Database">The only Glue database of the default catalog.</param>
/// <param name="Run">What the query engine answers a query with (a test runs it on DuckDB, or answers by hand); an exception fails the query.</param>
public sealed record FakeAthenaOptions(AWSCredentials Known, string WorkGroup, string Database, Func<string, CancellationToken, Task<ReportTable>> Run);

/// <summary>
/// Amazon Athena on loopback: StartQueryExecution, GetQueryExecution, GetQueryResults and GetWorkGroup, each request checked against
/// AWS's model (athena-2017-05-18 from npm aws-sdk) and the API reference's limits (<see cref="AwsFakeEndpoint"/>). Beyond
/// the model it checks what Athena checks: a ClientRequestToken (required of callers that are not an AWS SDK), the same
/// token with another query refused, a known workgroup (GetWorkGroup of another is InvalidRequestException, not found), a known execution id, results only of a query that succeeded, a
/// NextToken it gave. A query moves QUEUED → RUNNING → SUCCEEDED (or FAILED) one step per GetQueryExecution. Results
/// come as Athena gives them: the first page starts with a header row of column names, every value is a VarCharValue
/// string (a NULL has none), at most MaxResults rows a page with a NextToken while more remain.
/// </summary>
public sealed class FakeAthena : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Catalog = "AwsDataCatalog";
    private static readonly AwsServiceModel Model = AwsServiceModel.Load("athena-2017-05-18");

    private readonly FakeAthenaOptions _options;
    private readonly ConcurrentDictionary<string, QueryState> _queries = new();
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private AwsFakeEndpoint _endpoint = null!;

    private FakeAthena(FakeAthenaOptions options) => _options = options;

    public static async Task<FakeAthena> StartAsync(FakeAthenaOptions options)
    {
        var fake = new FakeAthena(options);
        fake._endpoint = await AwsFakeEndpoint.StartAsync([Model], "InvalidRequestException", Region, options.Known, fake.HandleAsync);
        return fake;
    }

    public Uri Url => _endpoint.Url;

    /// <summary>The model checks' record: what was accepted, refused, and any answer of the fake's off the model.</summary>
    public AwsFakeEndpoint Endpoint => _endpoint;

    /// <summary>The SQL of every query started, in order.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    private async Task<JsonObject?> HandleAsync(AwsCall call) => call.Operation.Name switch
    {
        "StartQueryExecution" => Start(call.Input),
        "GetQueryExecution" => await DescribeAsync(Text(call.Input, "QueryExecutionId")!),
        "GetQueryResults" => Results(call.Input),
        "GetWorkGroup" => WorkGroup(Text(call.Input, "WorkGroup")!),
        var other => throw new AwsFault(400, "InvalidRequestException", $"the fake does not implement {other}"),
    };

    private JsonObject Start(JsonObject input)
    {
        var sql = Text(input, "QueryString")!;
        var token = Text(input, "ClientRequestToken")
            ?? throw new AwsFault(400, "InvalidRequestException", "ClientRequestToken is required of callers that are not an AWS SDK");
        var workGroup = Text(input, "WorkGroup") ?? "primary";
        if (workGroup != _options.WorkGroup) throw new AwsFault(400, "InvalidRequestException", $"WorkGroup {workGroup} is not found.");
        var context = input["QueryExecutionContext"] as JsonObject;
        var catalog = context is null ? Catalog : Text(context, "Catalog") ?? Catalog;
        var database = context is null ? null : Text(context, "Database");
        var id = _tokens.GetOrAdd(token, _ => Guid.NewGuid().ToString());
        var query = _queries.GetOrAdd(id, _ => new QueryState(id, sql, database, catalog));
        if (query.Sql != sql) throw new AwsFault(400, "InvalidRequestException", "Idempotent parameters do not match: the ClientRequestToken was used with another query");
        Queries.Enqueue(sql);
        return new JsonObject { ["QueryExecutionId"] = id };
    }

    private async Task<JsonObject> DescribeAsync(string id)
    {
        var query = Find(id);
        await query.AdvanceAsync(this);
        var status = new JsonObject
        {
            ["State"] = query.State,
            ["SubmissionDateTime"] = query.Submitted.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (query.State is "SUCCEEDED" or "FAILED") status["CompletionDateTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        if (query.Failure is { } failure)
        {
            status["StateChangeReason"] = failure;
            status["AthenaError"] = new JsonObject { ["ErrorCategory"] = 2, ["ErrorType"] = 1001, ["Retryable"] = false, ["ErrorMessage"] = failure };
        }
        return new JsonObject
        {
            ["QueryExecution"] = new JsonObject
            {
                ["QueryExecutionId"] = id,
                ["Query"] = query.Sql,
                ["StatementType"] = "DML",
                ["WorkGroup"] = _options.WorkGroup,
                ["QueryExecutionContext"] = new JsonObject { ["Database"] = query.Database, ["Catalog"] = query.Catalog },
                ["Status"] = status,
                ["Statistics"] = new JsonObject { ["DataScannedInBytes"] = 0, ["TotalExecutionTimeInMillis"] = 10 },
            },
        };
    }

    /// <summary>The one workgroup, ENABLED, its configuration enforcing the results location as the Pulumi program's does; any other is not found.</summary>
    private JsonObject WorkGroup(string name)
    {
        if (name != _options.WorkGroup) throw new AwsFault(400, "InvalidRequestException", $"WorkGroup {name} is not found.");
        return new JsonObject
        {
            ["WorkGroup"] = new JsonObject
            {
                ["Name"] = name,
                ["State"] = "ENABLED",
                ["Configuration"] = new JsonObject
                {
                    ["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = $"s3://{name}-results/" },
                    ["EnforceWorkGroupConfiguration"] = true,
                },
                ["CreationTime"] = Created.ToUnixTimeMilliseconds() / 1000.0,
            },
        };
    }

    private static readonly DateTimeOffset Created = DateTimeOffset.UtcNow;

    private JsonObject Results(JsonObject input)
    {
        var query = Find(Text(input, "QueryExecutionId")!);
        if (query.State != "SUCCEEDED")
            throw new AwsFault(400, "InvalidRequestException", $"Query has not yet finished. Current state: {query.State}");
        var table = query.Table!;
        var pageSize = input["MaxResults"]?.GetValue<int>() ?? 1000;
        // row 0 of the results is the header row; a token names where the next page starts
        var start = 0;
        if (Text(input, "NextToken") is { } token)
            if (!token.StartsWith(query.Id + ":", StringComparison.Ordinal) || !int.TryParse(token[(query.Id.Length + 1)..], CultureInfo.InvariantCulture, out start))
                throw new AwsFault(400, "InvalidRequestException", "NextToken is not valid");
        var total = table.Rows.Count + 1;
        var rows = new JsonArray();
        for (var i = start; i < Math.Min(total, start + pageSize); i++)
            rows.Add(new JsonObject { ["Data"] = new JsonArray((i == 0 ? table.Columns.Select(c => (string?)c) : table.Rows[i - 1]).Select(Datum).ToArray()) });
        var answer = new JsonObject
        {
            ["UpdateCount"] = 0,
            ["ResultSet"] = new JsonObject
            {
                ["Rows"] = rows,
                ["ResultSetMetadata"] = new JsonObject
                {
                    ["ColumnInfo"] = new JsonArray(table.Columns.Select((c, i) => (JsonNode)new JsonObject
                    {
                        ["CatalogName"] = "hive", ["SchemaName"] = "", ["TableName"] = "", ["Name"] = c, ["Label"] = c,
                        ["Type"] = query.Types![i], ["Precision"] = 0, ["Scale"] = 0, ["Nullable"] = "UNKNOWN", ["CaseSensitive"] = query.Types[i] == "varchar",
                    }).ToArray()),
                },
            },
        };
        if (start + pageSize < total) answer["NextToken"] = $"{query.Id}:{start + pageSize}";
        return answer;
    }

    private static JsonNode Datum(string? value) => value is null ? new JsonObject() : new JsonObject { ["VarCharValue"] = value };

    private QueryState Find(string id) =>
        _queries.TryGetValue(id, out var query) ? query : throw new AwsFault(400, "InvalidRequestException", $"QueryExecution {id} was not found");

    private static string? Text(JsonObject o, string member) => o[member]?.GetValue<string>();

    /// <summary>Athena's type of a column, guessed from its text values as the fake's engine gave them.</summary>
    private static string TypeOf(ReportTable table, int column)
    {
        var values = table.Rows.Select(r => r[column]).Where(v => v is not null).ToList();
        if (values.Count == 0) return "varchar";
        if (values.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return "bigint";
        if (values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return "double";
        return "varchar";
    }

    private sealed class QueryState(string id, string sql, string? database, string catalog)
    {
        private readonly object _gate = new();
        public string Id => id;
        public string Sql => sql;
        public string? Database => database;
        public string Catalog => catalog;
        public DateTimeOffset Submitted { get; } = DateTimeOffset.UtcNow;
        public string State { get; private set; } = "QUEUED";
        public string? Failure { get; private set; }
        public ReportTable? Table { get; private set; }
        public string[]? Types { get; private set; }

        public async Task AdvanceAsync(FakeAthena athena)
        {
            lock (_gate)
            {
                if (State == "QUEUED") { State = "RUNNING"; return; }
                if (State != "RUNNING") return;
            }
            string? failure = null;
            ReportTable? table = null;
            if (database != athena._options.Database) failure = $"SCHEMA_NOT_FOUND: Schema '{database}' does not exist";
            else
                try { table = await athena._options.Run(sql, CancellationToken.None); }
                catch (Exception e) { failure = $"GENERIC_USER_ERROR: {e.Message.ReplaceLineEndings(" ")}"; }
            lock (_gate)
            {
                if (State != "RUNNING") return;
                (Table, Failure, State) = (table, failure, failure is null ? "SUCCEEDED" : "FAILED");
                if (table is not null) Types = Enumerable.Range(0, table.Columns.Count).Select(i => TypeOf(table, i)).ToArray();
            }
        }
    }
}
