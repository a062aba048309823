using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using DatasetBuilder.Aws;
using DatasetBuilder.Local;
using DatasetBuilder.Runs;
using DatasetBuilder.Staging;

namespace DatasetBuilder.Tests.Runs;

/// <summary>The local ledger: the runs table of the builder's SQLite file.</summary>
public sealed class SqliteRunLedgerTests : RunLedgerContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<RunLedger> LedgerAsync() =>
        Task.FromResult<RunLedger>(new SqliteRunLedger(new BuilderDatabase(Path.Combine(_dir.Path, "builds", "builder.db")), Clock));

    public void Dispose() => _dir.Dispose();
}

/// <summary>The AWS ledger on dynalite (DynamoDB from npm): conditional writes as DynamoDB evaluates them.</summary>
public sealed class DynamoDbRunLedgerTests : RunLedgerContract, IAsyncLifetime
{
    private NodePeer _dynalite = null!;
    private AmazonDynamoDBClient _client = null!;

    public async Task InitializeAsync()
    {
        _dynalite = await NodePeer.StartAsync("dynalite");
        _client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDLOCALTEST", "local-test-secret"),
            new AmazonDynamoDBConfig { ServiceURL = _dynalite.Url.ToString(), AuthenticationRegion = "us-east-1" });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _dynalite.DisposeAsync();
    }

    protected override async Task<RunLedger> LedgerAsync()
    {
        // the table as the infrastructure program declares it: hash key run_id (S), nothing else
        var table = $"builder-runs-{Guid.NewGuid():N}";
        await _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            AttributeDefinitions = [new AttributeDefinition(DynamoDbRunLedger.KeyAttribute, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(DynamoDbRunLedger.KeyAttribute, KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await Recommender.Contracts.Eventually.UntilAsync(async () => (await _client.DescribeTableAsync(table)).Table.TableStatus == TableStatus.ACTIVE,
            $"dynalite made table {table} ACTIVE");
        return new DynamoDbRunLedger(_client, table, Clock);
    }

    [Fact]
    public async Task a_ledger_larger_than_one_scan_page_is_read_whole()
    {
        var ledger = await LedgerAsync();
        // dynalite, like DynamoDB, ends a Scan page at 1 MB: 40 runs of 40 KB reports take two pages at least
        var report = new string('x', 40_000);
        for (var i = 0; i < 40; i++)
        {
            var run = await ledger.CreateAsync(new BuildRun { RunId = $"r{i:D2}", Trigger = "manual", Mode = BuildModes.Aws, Watermark = Start, StartedAt = Start.AddHours(i) }, CancellationToken.None);
            await ledger.SaveAsync(run with { Report = report }, CancellationToken.None);
        }

        var recent = await ledger.RecentAsync(100, CancellationToken.None);

        recent.Count.ShouldBe(40);
        recent[0].RunId.ShouldBe("r39");
    }
}
