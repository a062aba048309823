namespace Recommender.Core.SpotifyLinks;

/// <summary>
/// Encrypts a listener's Spotify tokens at rest: AES-GCM with a local key file on one machine, KMS on AWS. The user
/// id is bound to the ciphertext (associated data, or KMS's encryption context), so a sealed blob moved to another
/// user's link does not open.
/// </summary>
public interface ITokenCipher
{
    Task<byte[]> SealAsync(ReadOnlyMemory<byte> plaintext, string userId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when the blob was not sealed for this user with this key.</summary>
    Task<byte[]> OpenAsync(ReadOnlyMemory<byte> sealedBytes, string userId, CancellationToken cancellationToken);
}
