using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Athena;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.AwsFakes.Athena;
using Recommender.Contracts;
using Recommender.Core.Analytics;
using Recommender.Core.Events;

namespace Recommender.Adapters.Aws.Tests.Athena;

/// <summary>
/// The listening reports on AWS: our Athena client against a fake Athena that checks every request against AWS's model
/// and answers in Athena's pages. The fake's query engine is DuckDB over a lake, so the same SQL must give the same
/// reports through Athena's wire format as it gives locally.
/// </summary>
public sealed class AthenaAnalyticsEngineTests : IAsyncLifetime
{
    private const string WorkGroup = "recommender-test-reports";
    private const string Database = "recommender_test_archive";
    private readonly string _lake = Path.Combine(Path.GetTempPath(), "athena-tests", Guid.NewGuid().ToString("N"));
    private Func<string, CancellationToken, Task<ReportTable>> _run = null!;
    private FakeAthena _athena = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _athena = await FakeAthena.StartAsync(new FakeAthenaOptions(AwsServices.TestCredentials, WorkGroup, Database, (sql, ct) => _run(sql, ct)));
        _services = AwsServices.Build(new()
        {
            ["Aws:Athena:ServiceUrl"] = _athena.Url.ToString(),
            ["Aws:Athena:WorkGroup"] = WorkGroup,
            ["Aws:Athena:Database"] = Database,
            ["Aws:Athena:PollInterval"] = "00:00:00.010",
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _athena.DisposeAsync();
        if (Directory.Exists(_lake)) Directory.Delete(_lake, recursive: true);
    }

    private IAnalyticsEngine Athena => _services.GetRequiredService<IAnalyticsEngine>();

    private async Task<DuckDbAnalyticsEngine> LakeAsync()
    {
        var clock = new ManualClock(Recommender.Contracts.TestEvents.Start.AddHours(1));
        var archive = new FileEventArchive(_lake, clock);
        await archive.WriteAsync([
            Recommender.Contracts.TestEvents.Listen("ana", "t1", minute: 0), Recommender.Contracts.TestEvents.Listen("ana", "t2", EventTypes.Skip, minute: 3, msPlayed: 4_000, artist: "Artist B", genre: "pop"),
            Recommender.Contracts.TestEvents.Listen("ana", "t3", minute: 50, artist: null, genre: null), Recommender.Contracts.TestEvents.Listen("ben", "t1", minute: 7),
        ], CancellationToken.None);
        return new DuckDbAnalyticsEngine(archive);
    }

    [Fact]
    public async Task every_report_through_athena_equals_the_same_sql_on_duckdb()
    {
        var duckDb = await LakeAsync();
        _run = duckDb.QueryAsync;
        var day = DateOnly.FromDateTime(Recommender.Contracts.TestEvents.Start.UtcDateTime);

        foreach (var user in new[] { "ana", null })
        {
            var scope = new ReportParameters(day, day, user);
            var viaAthena = await new ListeningReports(Athena).StatsAsync(scope, CancellationToken.None);
            var local = await new ListeningReports(duckDb).StatsAsync(scope, CancellationToken.None);
            JsonSerializer.Serialize(viaAthena).ShouldBe(JsonSerializer.Serialize(local));
        }

        _athena.Queries.Count.ShouldBe(2 * ListeningReports.Marts.Length);
        _athena.Endpoint.Refused.ShouldBeEmpty();
        _athena.Endpoint.ModelViolations.ShouldBeEmpty();
        _athena.Endpoint.Accepted.Select(c => c.Operation.Name).Distinct().Order().ShouldBe(["GetQueryExecution", "GetQueryResults", "StartQueryExecution"]);
    }

    [Fact]
    public async Task a_result_of_three_pages_reads_back_whole_with_the_header_row_dropped_and_nulls_kept()
    {
        var rows = Enumerable.Range(0, 2_500).Select(i => (IReadOnlyList<string?>)[i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 10 == 0 ? null : $"row {i}"]).ToList();
        _run = (_, _) => Task.FromResult(new ReportTable(["n", "label"], rows));

        var table = await Athena.QueryAsync("SELECT n, label FROM numbers", CancellationToken.None);

        table.Columns.ShouldBe(["n", "label"]);
        table.Rows.Count.ShouldBe(2_500);
        table.Rows[0].ShouldBe(["0", null]);
        table.Rows[2_499].ShouldBe(["2499", "row 2499"]);
        _athena.Endpoint.Calls["GetQueryResults"].ShouldBe(3);
        _athena.Endpoint.Calls["GetQueryExecution"].ShouldBeGreaterThanOrEqualTo(2); // QUEUED, RUNNING, then SUCCEEDED
        _athena.Endpoint.Refused.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_failed_query_is_an_error_with_athenas_reason()
    {
        _run = (_, _) => throw new InvalidOperationException("line 1:8: Column 'nonsense' cannot be resolved");

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => Athena.QueryAsync("SELECT nonsense", CancellationToken.None));

        failure.Message.ShouldContain("failed");
        failure.Message.ShouldContain("Column 'nonsense' cannot be resolved");
    }

    [Fact]
    public async Task the_fake_refuses_what_athena_refuses()
    {
        _run = (_, _) => Task.FromResult(new ReportTable(["x"], []));
        var client = _services.GetRequiredService<AwsSdkClients>().JsonClient(AthenaAnalyticsEngine.Endpoint("us-east-1", _athena.Url.ToString()));

        var tooMany = await Should.ThrowAsync<AwsServiceException>(() => client.CallAsync("GetQueryResults", new GetQueryResultsRequest("abc", null, 5_000),
            AthenaJsonContext.Default.GetQueryResultsRequest, AthenaJsonContext.Default.GetQueryResultsResponse, CancellationToken.None));
        tooMany.ErrorCode.ShouldBe("InvalidRequestException");
        var shortToken = await Should.ThrowAsync<AwsServiceException>(() => client.CallAsync("StartQueryExecution",
            new StartQueryExecutionRequest { QueryString = "SELECT 1", ClientRequestToken = "short", WorkGroup = WorkGroup },
            AthenaJsonContext.Default.StartQueryExecutionRequest, AthenaJsonContext.Default.StartQueryExecutionResponse, CancellationToken.None));
        shortToken.ErrorCode.ShouldBe("InvalidRequestException");
        var otherWorkGroup = await Should.ThrowAsync<AwsServiceException>(() => client.CallAsync("StartQueryExecution",
            new StartQueryExecutionRequest { QueryString = "SELECT 1", ClientRequestToken = Guid.NewGuid().ToString("N"), WorkGroup = "primary" },
            AthenaJsonContext.Default.StartQueryExecutionRequest, AthenaJsonContext.Default.StartQueryExecutionResponse, CancellationToken.None));
        otherWorkGroup.Message.ShouldContain("primary");
    }
}
