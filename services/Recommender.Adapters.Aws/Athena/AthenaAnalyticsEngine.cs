using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Analytics;

namespace Recommender.Adapters.Aws.Athena;

/// <summary>The settings a query runs with: the reports' workgroup (which holds the results location) and the archive's Glue database.</summary>
internal sealed record AthenaQuerySettings(string WorkGroup, string Database, TimeSpan QueryTimeout, TimeSpan PollInterval);

/// <summary>
/// The analytics engine on AWS: Athena over the archive's Glue table. A query is started in the reports' workgroup
/// (whose configuration names the results bucket), polled until it ends, and its result pages read back: the header
/// row of the first page is checked against the columns and dropped, every value arrives as text.
/// </summary>
internal sealed class AthenaAnalyticsEngine(AwsJsonClient client, AthenaQuerySettings settings, TimeProvider time) : IAnalyticsEngine
{
    public const string TargetPrefix = "AmazonAthena";
    public const int PageSize = 1_000;

    public static AwsServiceEndpoint Endpoint(string region, string? serviceUrl) =>
        AwsServiceEndpoint.Resolve("Athena", "athena", region, "athena", TargetPrefix, serviceUrl);

    /// <summary>The workgroup's state as GetWorkGroup gives it (ENABLED or DISABLED): /readyz's check of the reports' workgroup.</summary>
    public static async Task<string> WorkGroupStateAsync(AwsJsonClient client, string workGroup, CancellationToken cancellationToken) =>
        (await client.CallAsync("GetWorkGroup", new GetWorkGroupRequest(workGroup), AthenaJsonContext.Default.GetWorkGroupRequest,
            AthenaJsonContext.Default.GetWorkGroupResponse, cancellationToken).ConfigureAwait(false)).WorkGroup?.State ?? "unknown";

    public async Task<ReportTable> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var started = await client.CallAsync("StartQueryExecution", new StartQueryExecutionRequest
        {
            QueryString = sql,
            ClientRequestToken = Guid.NewGuid().ToString("N"),
            QueryExecutionContext = new QueryExecutionContext(settings.Database, "AwsDataCatalog"),
            WorkGroup = settings.WorkGroup,
        }, AthenaJsonContext.Default.StartQueryExecutionRequest, AthenaJsonContext.Default.StartQueryExecutionResponse, cancellationToken).ConfigureAwait(false);
        var id = started.QueryExecutionId ?? throw new AwsServiceException("Athena", "MalformedResponse", "StartQueryExecution gave no QueryExecutionId", System.Net.HttpStatusCode.OK, null);
        await WaitAsync(id, cancellationToken).ConfigureAwait(false);
        return await ResultsAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitAsync(string id, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.QueryTimeout;
        var wait = settings.PollInterval;
        while (true)
        {
            var execution = (await client.CallAsync("GetQueryExecution", new GetQueryExecutionRequest(id),
                AthenaJsonContext.Default.GetQueryExecutionRequest, AthenaJsonContext.Default.GetQueryExecutionResponse, cancellationToken).ConfigureAwait(false)).QueryExecution;
            var status = execution?.Status;
            switch (status?.State)
            {
                case "SUCCEEDED":
                    return;
                case "FAILED" or "CANCELLED":
                    throw new InvalidOperationException($"Athena query {id} {status.State!.ToLowerInvariant()}: {status.AthenaError?.ErrorMessage ?? status.StateChangeReason ?? "no reason given"}");
            }
            if (time.GetUtcNow() + wait > deadline)
                throw new TimeoutException($"Athena query {id} was still {status?.State ?? "unknown"} after {settings.QueryTimeout.TotalSeconds:0.#} s");
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            // a report takes seconds: look often at first, then less
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    private async Task<ReportTable> ResultsAsync(string id, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? columns = null;
        var rows = new List<IReadOnlyList<string?>>();
        string? next = null;
        var first = true;
        do
        {
            var page = await client.CallAsync("GetQueryResults", new GetQueryResultsRequest(id, next, PageSize),
                AthenaJsonContext.Default.GetQueryResultsRequest, AthenaJsonContext.Default.GetQueryResultsResponse, cancellationToken).ConfigureAwait(false);
            columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo?.Select(c => c.Name).ToList();
            var pageRows = page.ResultSet?.Rows ?? [];
            foreach (var row in pageRows)
            {
                var values = (row.Data ?? []).Select(d => d.VarCharValue).ToList();
                if (first)
                {
                    first = false;
                    // a SELECT's results begin with the column names
                    if (columns is not null && values.SequenceEqual(columns)) continue;
                }
                rows.Add(values);
            }
            next = page.NextToken;
        } while (next is not null);
        return new ReportTable(columns ?? [], rows);
    }
}
