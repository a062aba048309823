using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Recommender.Adapters.Aws.Protocol;

/// <summary>
/// The credentials every client signs with: the SDK's default chain (environment, profile, SSO,
/// container and instance roles), resolved once; the SDK refreshes expiring ones itself.
/// </summary>
internal sealed class AwsCredentialSource(AWSCredentials credentials)
{
    public AWSCredentials Credentials { get; } = credentials;

    public static AwsCredentialSource FromDefaultChain() => new(DefaultAWSCredentialsIdentityResolver.GetCredentials());

    public async ValueTask<SigV4Signer.Credentials> GetAsync()
    {
        var current = await Credentials.GetCredentialsAsync().ConfigureAwait(false);
        return new SigV4Signer.Credentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }
}
