using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Adapters.Aws.DynamoDb;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Builds;

namespace Recommender.Adapters.Aws.Tests.DynamoDb;

/// <summary>The AWS ledger on dynalite (DynamoDB from npm): conditional writes as DynamoDB evaluates them.</summary>
[Collection(DynamoDbPeer.Name)]
public sealed class DynamoDbRunLedgerTests(DynaliteFixture dynalite) : RunLedgerContract, IDisposable
{
    private readonly AmazonDynamoDBClient _client = new(AwsServices.TestCredentials,
        new AmazonDynamoDBConfig { ServiceURL = dynalite.Peer.Url.ToString(), AuthenticationRegion = "us-east-1" });

    public void Dispose() => _client.Dispose();

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
