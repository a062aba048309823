using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Producer.Spotify;

/// <summary>Where one login's tokens are kept between refreshes: a file for the command line, the link store when hosted.</summary>
public interface ISpotifyTokenStore
{
    Task<StoredToken?> LoadAsync(CancellationToken cancellationToken);
    Task SaveAsync(StoredToken token, CancellationToken cancellationToken);
}

/// <summary>
/// The Spotify tokens on disk, encrypted with ASP.NET Core Data Protection (keys in a folder next to
/// the file, readable only by the user), so the file never holds the token text.
/// </summary>
public sealed class TokenStore : ISpotifyTokenStore
{
    private readonly string _path;
    private readonly IDataProtector _protector;

    public TokenStore(string path, string keysPath)
    {
        _path = path;
        var keys = Directory.CreateDirectory(keysPath);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _protector = DataProtectionProvider.Create(keys, o => o.SetApplicationName("recommender-producer"))
            .CreateProtector("Producer.SpotifyToken.v1");
    }

    public bool Exists => File.Exists(_path);

    public StoredToken? Load()
    {
        if (!File.Exists(_path)) return null;
        try
        {
            var json = _protector.Unprotect(File.ReadAllBytes(_path));
            return JsonSerializer.Deserialize(json, SpotifyJson.Default.StoredToken);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            throw new ReloginRequiredException("the saved token file cannot be decrypted");
        }
    }

    public void Save(StoredToken token)
    {
        var bytes = _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(token, SpotifyJson.Default.StoredToken));
        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, _path, overwrite: true);
    }

    public void Delete() => File.Delete(_path);

    public Task<StoredToken?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Load());

    public Task SaveAsync(StoredToken token, CancellationToken cancellationToken)
    {
        Save(token);
        return Task.CompletedTask;
    }
}
