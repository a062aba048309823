using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Recommender.Contracts.AwsModels;

namespace Recommender.AwsFakes.Kms;

/// <summary>
/// AWS KMS on loopback for Encrypt, Decrypt and DescribeKey with symmetric keys: every request checked against AWS's kms model and the
/// API reference's limits (<see cref="AwsFakeEndpoint"/>), then what KMS checks: the key (id, ARN or alias) exists
/// (NotFoundException) and is enabled (DisabledException); Decrypt finds the key in the ciphertext, and a KeyId that
/// names another key is IncorrectKeyException; the encryption context is bound to the ciphertext, so any other context,
/// or a changed byte, is InvalidCiphertextException. DescribeKey finds a key as Encrypt does (NotFoundException) and gives its
/// metadata, KeyState Enabled or Disabled. Ciphertexts are AES-GCM under a key only the fake holds.
/// </summary>
public sealed class FakeKms : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string Account = "111111111111";
    private static readonly AwsServiceModel Model = AwsServiceModel.Load("kms-2014-11-01");

    private readonly Dictionary<string, KmsKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private AwsFakeEndpoint _endpoint = null!;

    public static async Task<FakeKms> StartAsync(AWSCredentials known)
    {
        var fake = new FakeKms();
        fake._endpoint = await AwsFakeEndpoint.StartAsync([Model], "ValidationException", Region, known, fake.HandleAsync);
        return fake;
    }

    public Uri Url => _endpoint.Url;
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Calls => _endpoint.Calls;
    public IReadOnlyCollection<string> Refused => _endpoint.Refused;
    public IReadOnlyCollection<string> ModelViolations => _endpoint.ModelViolations;

    /// <summary>Makes a symmetric key with an alias ("alias/…"); returns its ARN.</summary>
    public string CreateKey(string alias)
    {
        var id = Guid.NewGuid().ToString();
        var key = new KmsKey(id, $"arn:aws:kms:{Region}:{Account}:key/{id}", RandomNumberGenerator.GetBytes(32));
        lock (_keys)
        {
            _keys[id] = key;
            _aliases[alias] = id;
        }
        return key.Arn;
    }

    public void Disable(string keyArn)
    {
        lock (_keys) _keys[keyArn.Split('/')[^1]].Enabled = false;
    }

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    private Task<JsonObject?> HandleAsync(AwsCall call) => Task.FromResult<JsonObject?>(call.Operation.Name switch
    {
        "Encrypt" => Encrypt(call.Input),
        "Decrypt" => Decrypt(call.Input),
        "DescribeKey" => Describe(call.Input),
        _ => throw new AwsFault(400, "UnsupportedOperationException", $"this fake does not do {call.Operation.Name}"),
    });

    private JsonObject Encrypt(JsonObject input)
    {
        var key = Usable(input["KeyId"]!.GetValue<string>());
        var plaintext = Convert.FromBase64String(input["Plaintext"]!.GetValue<string>());
        // ciphertext: key id (36 ASCII) | nonce (12) | tag (16) | sealed plaintext, the context as associated data
        var blob = new byte[36 + 12 + 16 + plaintext.Length];
        Encoding.ASCII.GetBytes(key.Id).CopyTo(blob, 0);
        RandomNumberGenerator.Fill(blob.AsSpan(36, 12));
        using (var aes = new AesGcm(key.Material, 16))
            aes.Encrypt(blob.AsSpan(36, 12), plaintext, blob.AsSpan(64), blob.AsSpan(48, 16), Context(input));
        return new JsonObject { ["CiphertextBlob"] = Convert.ToBase64String(blob), ["KeyId"] = key.Arn, ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT" };
    }

    private JsonObject Decrypt(JsonObject input)
    {
        var blob = Convert.FromBase64String(input["CiphertextBlob"]!.GetValue<string>());
        if (blob.Length < 64) throw InvalidCiphertext();
        var id = Encoding.ASCII.GetString(blob, 0, 36);
        KmsKey? key;
        lock (_keys) key = _keys.GetValueOrDefault(id);
        if (key is null) throw InvalidCiphertext();
        if (input["KeyId"]?.GetValue<string>() is { } named && Find(named)?.Id != key.Id)
            throw new AwsFault(400, "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
        Usable(key.Id);
        var plaintext = new byte[blob.Length - 64];
        try
        {
            using var aes = new AesGcm(key.Material, 16);
            aes.Decrypt(blob.AsSpan(36, 12), blob.AsSpan(64), blob.AsSpan(48, 16), plaintext, Context(input));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw InvalidCiphertext();
        }
        return new JsonObject { ["KeyId"] = key.Arn, ["Plaintext"] = Convert.ToBase64String(plaintext), ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT" };
    }

    private JsonObject Describe(JsonObject input)
    {
        var keyId = input["KeyId"]!.GetValue<string>();
        var key = Find(keyId) ?? throw new AwsFault(400, "NotFoundException", $"Key '{keyId}' does not exist");
        return new JsonObject
        {
            ["KeyMetadata"] = new JsonObject
            {
                ["AWSAccountId"] = Account,
                ["KeyId"] = key.Id,
                ["Arn"] = key.Arn,
                ["CreationDate"] = key.Created.ToUnixTimeMilliseconds() / 1000.0,
                ["Enabled"] = key.Enabled,
                ["Description"] = "",
                ["KeyUsage"] = "ENCRYPT_DECRYPT",
                ["KeyState"] = key.Enabled ? "Enabled" : "Disabled",
                ["Origin"] = "AWS_KMS",
                ["KeyManager"] = "CUSTOMER",
                ["CustomerMasterKeySpec"] = "SYMMETRIC_DEFAULT",
                ["KeySpec"] = "SYMMETRIC_DEFAULT",
                ["EncryptionAlgorithms"] = new JsonArray("SYMMETRIC_DEFAULT"),
                ["MultiRegion"] = false,
            },
        };
    }

    private KmsKey Usable(string keyId)
    {
        var key = Find(keyId) ?? throw new AwsFault(400, "NotFoundException", $"Key '{keyId}' does not exist");
        return key.Enabled ? key : throw new AwsFault(400, "DisabledException", $"{key.Arn} is disabled.");
    }

    /// <summary>A key by id, key ARN, alias name or alias ARN, as KMS resolves KeyId.</summary>
    private KmsKey? Find(string keyId)
    {
        lock (_keys)
        {
            var arnPrefix = $"arn:aws:kms:{Region}:{Account}:";
            string tail;
            if (keyId.StartsWith(arnPrefix, StringComparison.Ordinal)) tail = keyId[arnPrefix.Length..];
            else if (keyId.StartsWith("arn:", StringComparison.Ordinal)) return null;
            else tail = keyId;
            if (tail.StartsWith("key/", StringComparison.Ordinal)) tail = tail[4..];
            if (tail.StartsWith("alias/", StringComparison.Ordinal)) return _aliases.TryGetValue(tail, out var aliased) ? _keys[aliased] : null;
            return _keys.GetValueOrDefault(tail);
        }
    }

    /// <summary>The context as KMS binds it: its pairs in order of key, so the order they were sent in does not matter.</summary>
    private static byte[] Context(JsonObject input) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes((input["EncryptionContext"]?.AsObject() ?? [])
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, p.Value!.GetValue<string>() }).ToArray());

    private static AwsFault InvalidCiphertext() => new(400, "InvalidCiphertextException", "The ciphertext is invalid, or the encryption context does not match.");

    private sealed class KmsKey(string id, string arn, byte[] material)
    {
        public string Id { get; } = id;
        public string Arn { get; } = arn;
        public byte[] Material { get; } = material;
        public bool Enabled { get; set; } = true;
        public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;
    }
}
