using Recommender.AwsFakes.Kinesis;

namespace Recommender.Adapters.Aws.Tests.Peers;

public sealed class DynaliteFixture : IAsyncLifetime
{
    public NodePeer Peer { get; private set; } = null!;
    public async Task InitializeAsync() => Peer = await NodePeer.StartAsync("dynalite");
    public async Task DisposeAsync() => await Peer.DisposeAsync();
}

/// <summary>
/// kinesalite (behind the proxy that checks every request against AWS's Kinesis model) and dynalite together: the stream
/// reader keeps its checkpoints in DynamoDB.
/// </summary>
public sealed class StreamPeersFixture : IAsyncLifetime
{
    public ValidatedKinesalite Kinesis { get; private set; } = null!;
    public NodePeer DynamoDb { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var kinesis = ValidatedKinesalite.StartAsync(AwsServices.TestCredentials);
        var dynamo = NodePeer.StartAsync("dynalite");
        Kinesis = await kinesis;
        DynamoDb = await dynamo;
    }

    public async Task DisposeAsync()
    {
        await Kinesis.DisposeAsync();
        await DynamoDb.DisposeAsync();
    }
}

public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"s3rver-{Guid.NewGuid():N}");
    public NodePeer Peer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Peer = await NodePeer.StartAsync("s3rver", _directory);
    }

    public async Task DisposeAsync()
    {
        await Peer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class StreamPeers : ICollectionFixture<StreamPeersFixture>
{
    public const string Name = "kinesalite + dynalite";
}

[CollectionDefinition(Name)]
public sealed class DynamoDbPeer : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}

[CollectionDefinition(Name)]
public sealed class S3Peer : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
