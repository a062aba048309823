using System.Security.Cryptography;
using System.Text;

namespace Recommender.Core.Access;

/// <summary>
/// The text of an API key: <c>rk_&lt;12 hex id&gt;_&lt;43 base64url chars&gt;</c>, 256 random bits after the id. The id
/// finds the stored record; the digest of the whole text is then compared in constant time. A plain SHA-256 is enough
/// here (no salt, no slow hash): those protect guessable passwords, and 256 random bits are not guessable.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "rk_";
    public const int IdLength = 12;
    private const int SecretBytes = 32;
    private static readonly int Length = Prefix.Length + IdLength + 1 + Base64UrlLength(SecretBytes);

    /// <summary>A new key: its text (shown to the user once) and its id.</summary>
    public static (string Text, string KeyId) New()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{Prefix}{keyId}_{secret}", keyId);
    }

    /// <summary>The id written in a presented key; null when the text is not shaped like one of our keys.</summary>
    public static string? KeyIdOf(string? presented)
    {
        if (presented is null || presented.Length != Length || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var id = presented.AsSpan(Prefix.Length, IdLength);
        if (presented[Prefix.Length + IdLength] != '_') return null;
        foreach (var c in id)
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return null;
        return id.ToString();
    }

    public static bool IsKeyId(string? text) => text is { Length: IdLength } && text.All(c => char.IsAsciiDigit(c) || char.IsAsciiHexDigitLower(c));

    public static byte[] Digest(string keyText) => SHA256.HashData(Encoding.UTF8.GetBytes(keyText));

    /// <summary>True when the presented text hashes to the stored digest; the comparison takes the same time wherever they differ.</summary>
    public static bool Matches(string presented, byte[] storedDigest) =>
        CryptographicOperations.FixedTimeEquals(Digest(presented), storedDigest);

    private static int Base64UrlLength(int bytes) => (bytes * 8 + 5) / 6;
}
