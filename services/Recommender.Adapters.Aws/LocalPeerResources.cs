using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Adapters.Aws.DynamoDb;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws;

/// <summary>
/// With Aws:CreateMissingResources=true, creates at start whatever configured stream, tables and bucket do
/// not exist yet: for runs on local peers (kinesalite, dynalite). On AWS the infrastructure program owns them.
/// </summary>
internal sealed class LocalPeerResources(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var aws = AwsAdapterServiceCollectionExtensions.Options<AwsOptions>(services);
        if (!aws.CreateMissingResources) return;
        var logger = services.GetRequiredService<ILogger<LocalPeerResources>>();
        var clients = services.GetRequiredService<AwsSdkClients>();

        if (AwsAdapterServiceCollectionExtensions.Configures(configuration, KinesisOptions.Section))
        {
            var kinesis = AwsAdapterServiceCollectionExtensions.Options<KinesisOptions>(services);
            if (aws.ServiceUrlFor(kinesis.ServiceUrl) is null) throw NotLocal("Aws:Kinesis:ServiceUrl");
            await EnsureStreamAsync(services.GetRequiredService<KinesisApi>(), kinesis, logger, cancellationToken).ConfigureAwait(false);
            var checkpoints = services.GetRequiredService<ShardCheckpointTable>();
            await EnsureTableAsync(clients.DynamoDb(aws.ServiceUrlFor(configuration[$"{DynamoDbOptions.Section}:ServiceUrl"])),
                checkpoints.TableName, ShardCheckpointTable.KeyAttribute, logger, cancellationToken).ConfigureAwait(false);
        }
        if (AwsAdapterServiceCollectionExtensions.Configures(configuration, DynamoDbOptions.Section))
        {
            var dynamo = AwsAdapterServiceCollectionExtensions.Options<DynamoDbOptions>(services);
            if (aws.ServiceUrlFor(dynamo.ServiceUrl) is null) throw NotLocal("Aws:DynamoDb:ServiceUrl");
            var client = clients.DynamoDb(aws.ServiceUrlFor(dynamo.ServiceUrl));
            await EnsureTableAsync(client, dynamo.TableName, ProfileItem.UserIdAttribute, logger, cancellationToken).ConfigureAwait(false);
            await EnsureTableAsync(client, dynamo.ResolvedDeadLetterTableName, DynamoDbDeadLetterStore.ConsumerAttribute, logger, cancellationToken,
                rangeKey: DynamoDbDeadLetterStore.RecordKeyAttribute).ConfigureAwait(false);
            await EnsureTableAsync(client, dynamo.ResolvedCatalogTableName, DynamoDbTrackCatalog.KeyAttribute, logger, cancellationToken).ConfigureAwait(false);
            await EnsureTableAsync(client, dynamo.ResolvedSpotifyLinksTableName, DynamoDbSpotifyLinkStore.KeyAttribute, logger, cancellationToken).ConfigureAwait(false);
        }
        foreach (var required in services.GetServices<DynamoDbTableRequirement>())
        {
            var url = aws.ServiceUrlFor(configuration[$"{DynamoDbOptions.Section}:ServiceUrl"]);
            if (url is null) throw NotLocal("Aws:DynamoDb:ServiceUrl");
            await EnsureTableAsync(clients.DynamoDb(url), required.TableName, required.HashKey, logger, cancellationToken, required.RangeKey).ConfigureAwait(false);
        }
        if (AwsAdapterServiceCollectionExtensions.Configures(configuration, S3Options.Section))
        {
            var s3 = AwsAdapterServiceCollectionExtensions.Options<S3Options>(services);
            if (aws.ServiceUrlFor(s3.ServiceUrl) is null) throw NotLocal("Aws:S3:ServiceUrl");
            using var client = clients.S3(aws.ServiceUrlFor(s3.ServiceUrl));
            foreach (var bucket in new[] { s3.DatasetsBucket, s3.ArchiveBucket }.OfType<string>().Where(b => b.Length > 0).Distinct())
            {
                try
                {
                    await client.PutBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Real AWS resources belong to the infrastructure program: creating them needs an endpoint override.</summary>
    private static InvalidOperationException NotLocal(string key) =>
        new($"Aws:CreateMissingResources creates resources on local peers only, and {key} (or Aws:ServiceUrl) is not set");

    internal static async Task EnsureStreamAsync(KinesisApi kinesis, KinesisOptions options, ILogger logger, CancellationToken ct)
    {
        try
        {
            await kinesis.CreateStreamAsync(new CreateStreamRequest(options.StreamName, options.ShardCount), ct).ConfigureAwait(false);
            logger.LogInformation("Created Kinesis stream {Stream} with {Shards} shards", options.StreamName, options.ShardCount);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceInUseException")
        {
        }
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var summary = await kinesis.DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest(options.StreamName), ct).ConfigureAwait(false);
            if (summary.StreamDescriptionSummary.StreamStatus == "ACTIVE") return;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"Kinesis stream {options.StreamName} did not become ACTIVE");
    }

    internal static async Task EnsureTableAsync(IAmazonDynamoDB dynamo, string table, string hashKey, ILogger logger, CancellationToken ct, string? rangeKey = null)
    {
        List<AttributeDefinition> attributes = [new(hashKey, ScalarAttributeType.S)];
        List<KeySchemaElement> keys = [new(hashKey, KeyType.HASH)];
        if (rangeKey is not null)
        {
            attributes.Add(new AttributeDefinition(rangeKey, ScalarAttributeType.S));
            keys.Add(new KeySchemaElement(rangeKey, KeyType.RANGE));
        }
        try
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                AttributeDefinitions = attributes,
                KeySchema = keys,
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, ct).ConfigureAwait(false);
            logger.LogInformation("Created DynamoDB table {Table}", table);
        }
        catch (ResourceInUseException)
        {
        }
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var description = await dynamo.DescribeTableAsync(table, ct).ConfigureAwait(false);
            if (description.Table.TableStatus == TableStatus.ACTIVE) return;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"DynamoDB table {table} did not become ACTIVE");
    }
}
