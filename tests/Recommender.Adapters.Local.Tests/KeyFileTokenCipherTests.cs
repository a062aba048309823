using System.Security.Cryptography;
using System.Text;
using Recommender.Adapters.Local.SpotifyLinks;

namespace Recommender.Adapters.Local.Tests;

public sealed class KeyFileTokenCipherTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string KeyPath => Path.Combine(_dir.Path, "keys", "spotify-tokens.key");

    [Fact]
    public async Task sealed_tokens_open_only_for_their_user_and_hold_no_clear_text()
    {
        var cipher = new KeyFileTokenCipher(KeyPath);
        var secret = Encoding.UTF8.GetBytes("{\"refresh_token\":\"refresh-abc\"}");
        var sealedBytes = await cipher.SealAsync(secret, "u-1", CancellationToken.None);

        Encoding.UTF8.GetString(sealedBytes).ShouldNotContain("refresh-abc");
        (await new KeyFileTokenCipher(KeyPath).OpenAsync(sealedBytes, "u-1", CancellationToken.None)).ShouldBe(secret); // the key outlives the process
        await Should.ThrowAsync<CryptographicException>(() => cipher.OpenAsync(sealedBytes, "u-2", CancellationToken.None));
        sealedBytes[^1] ^= 1;
        await Should.ThrowAsync<CryptographicException>(() => cipher.OpenAsync(sealedBytes, "u-1", CancellationToken.None));
    }

    [Fact]
    public async Task the_key_file_is_private_and_a_readable_one_is_refused()
    {
        if (OperatingSystem.IsWindows()) return; // Unix modes only
        await new KeyFileTokenCipher(KeyPath).SealAsync(new byte[] { 1 }, "u-1", CancellationToken.None);
        File.GetUnixFileMode(KeyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(KeyPath)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => new KeyFileTokenCipher(KeyPath).SealAsync(new byte[] { 1 }, "u-1", CancellationToken.None));
        refused.Message.ShouldContain("chmod 600");
    }

    public void Dispose() => _dir.Dispose();
}
