using System.Security.Cryptography;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Aws.Kms;

/// <summary>
/// Seals a listener's Spotify tokens with KMS Encrypt under one key (Aws:Kms:TokenKeyId), the user id bound as the
/// encryption context ("purpose" and "user_id"), so a blob moved to another user's link does not open, and CloudTrail
/// shows whose tokens each Decrypt opened. The tokens (well under KMS's 4 KB) go to KMS directly: no data key to keep.
/// </summary>
internal sealed class KmsTokenCipher(KmsApi kms, string keyId) : ITokenCipher
{
    public const string Purpose = "spotify-tokens";

    public async Task<byte[]> SealAsync(ReadOnlyMemory<byte> plaintext, string userId, CancellationToken cancellationToken) =>
        (await kms.EncryptAsync(new EncryptRequest(keyId, plaintext.ToArray(), Context(userId)), cancellationToken).ConfigureAwait(false)).CiphertextBlob;

    public async Task<byte[]> OpenAsync(ReadOnlyMemory<byte> sealedBytes, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return (await kms.DecryptAsync(new DecryptRequest(sealedBytes.ToArray(), Context(userId), keyId), cancellationToken).ConfigureAwait(false)).Plaintext;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidCiphertextException" or "IncorrectKeyException")
        {
            // the port's promise: a blob not sealed for this user with this key fails as a cryptographic error
            throw new CryptographicException($"KMS did not open the sealed tokens of this user: {e.ErrorCode}", e);
        }
    }

    private static Dictionary<string, string> Context(string userId) => new() { ["purpose"] = Purpose, ["user_id"] = userId };
}
