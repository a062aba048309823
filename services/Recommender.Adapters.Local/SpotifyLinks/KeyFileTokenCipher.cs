using System.Security.Cryptography;
using System.Text;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Local.SpotifyLinks;

/// <summary>
/// AES-256-GCM with a key in a file only its owner may read (0600 in a 0700 folder), made on first use. A key file
/// that others can read is refused rather than used. Sealed form: version (1) | nonce (12) | tag (16) | ciphertext,
/// with the user id as associated data.
/// </summary>
public sealed class KeyFileTokenCipher(string keyPath) : ITokenCipher
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Lazy<byte[]> _key = new(() => LoadOrCreate(keyPath));

    public Task<byte[]> SealAsync(ReadOnlyMemory<byte> plaintext, string userId, CancellationToken cancellationToken)
    {
        var sealedBytes = new byte[1 + NonceSize + TagSize + plaintext.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, plaintext.Span, sealedBytes.AsSpan(1 + NonceSize + TagSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(userId));
        return Task.FromResult(sealedBytes);
    }

    public Task<byte[]> OpenAsync(ReadOnlyMemory<byte> sealedBytes, string userId, CancellationToken cancellationToken)
    {
        var bytes = sealedBytes.Span;
        if (bytes.Length < 1 + NonceSize + TagSize || bytes[0] != Version) throw new CryptographicException("not a sealed token of this version");
        var plaintext = new byte[bytes.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Decrypt(bytes.Slice(1, NonceSize), bytes[(1 + NonceSize + TagSize)..], bytes.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(userId));
        return Task.FromResult(plaintext);
    }

    private static byte[] LoadOrCreate(string path)
    {
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(path))
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using var file = new FileStream(path, options);
                file.Write(RandomNumberGenerator.GetBytes(32));
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: use theirs.
            }
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            throw new InvalidOperationException($"the token key file {path} can be read or written by other users; make it private (chmod 600) or move it away to make a new one (linked accounts must then connect again)");
        var key = File.ReadAllBytes(path);
        return key.Length == 32 ? key : throw new InvalidOperationException($"the token key file {path} does not hold a 32-byte key");
    }
}
