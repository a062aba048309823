using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Core.Datasets;

namespace Recommender.Adapters.Aws.Tests.S3;

[Collection(S3Peer.Name)]
public sealed class S3DatasetStoreTests(S3rverFixture s3rver) : IAsyncLifetime
{
    /// <summary>s3rver checks signatures, and knows this one key pair.</summary>
    private static readonly Amazon.Runtime.BasicAWSCredentials S3rverCredentials = new("S3RVER", "S3RVER");

    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:S3:ServiceUrl"] = s3rver.Peer.Url.ToString(),
            ["Aws:S3:DatasetsBucket"] = "recommender-datasets",
        }, services => services.AddSingleton<Amazon.Runtime.AWSCredentials>(S3rverCredentials));
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private IDatasetStore Store => _services.GetRequiredService<IDatasetStore>();

    [Fact]
    public async Task a_stored_file_reads_back_and_its_uri_is_what_personalize_imports()
    {
        const string csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,t1,1763748000,complete\n";
        var uri = await Store.PutAsync("2026-11-21", "interactions.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), default);
        uri.ShouldBe("s3://recommender-datasets/datasets/2026-11-21/interactions.csv");

        await using var stream = (await Store.OpenAsync("2026-11-21", "interactions.csv", default)).ShouldNotBeNull();
        (await new StreamReader(stream).ReadToEndAsync()).ShouldBe(csv);
    }

    [Fact]
    public async Task an_absent_file_opens_as_null()
    {
        (await Store.OpenAsync("never", "items.csv", default)).ShouldBeNull();
    }

    [Theory]
    [InlineData("../etc", "users.csv")]
    [InlineData("run", "a/b.csv")]
    public async Task a_run_id_or_file_name_that_is_not_one_segment_is_refused(string runId, string fileName)
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.PutAsync(runId, fileName, new MemoryStream([1]), default));
    }
}
