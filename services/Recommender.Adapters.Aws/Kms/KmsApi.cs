using System.Text.Json.Serialization;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Kms;

/// <summary>The KMS operations used (JSON 1.1, X-Amz-Target TrentService.*), typed; the one place to swap for AWSSDK.KeyManagementService.</summary>
internal sealed class KmsApi(AwsJsonClient client)
{
    public const string TargetPrefix = "TrentService";

    public static AwsServiceEndpoint Endpoint(string region, string? serviceUrl) =>
        AwsServiceEndpoint.Resolve("KMS", "kms", region, "kms", TargetPrefix, serviceUrl);

    public Task<EncryptResponse> EncryptAsync(EncryptRequest request, CancellationToken ct) =>
        client.CallAsync("Encrypt", request, KmsJsonContext.Default.EncryptRequest, KmsJsonContext.Default.EncryptResponse, ct);

    public Task<DecryptResponse> DecryptAsync(DecryptRequest request, CancellationToken ct) =>
        client.CallAsync("Decrypt", request, KmsJsonContext.Default.DecryptRequest, KmsJsonContext.Default.DecryptResponse, ct);

    /// <summary>The key's metadata (/readyz's check of the token key); KeyId may be an id, a key ARN or an alias.</summary>
    public Task<DescribeKeyResponse> DescribeKeyAsync(DescribeKeyRequest request, CancellationToken ct) =>
        client.CallAsync("DescribeKey", request, KmsJsonContext.Default.DescribeKeyRequest, KmsJsonContext.Default.DescribeKeyResponse, ct);
}

// Shapes of the KMS API reference (2014-11-01) for Encrypt, Decrypt and DescribeKey; blobs travel as base64. Plaintext is 1-4096 bytes.

internal sealed record EncryptRequest(string KeyId, byte[] Plaintext, IReadOnlyDictionary<string, string> EncryptionContext);

internal sealed record EncryptResponse(byte[] CiphertextBlob, string? KeyId);

/// <summary>KeyId is optional for a symmetric key, but naming it makes KMS use that key only (AWS's advice).</summary>
internal sealed record DecryptRequest(byte[] CiphertextBlob, IReadOnlyDictionary<string, string> EncryptionContext, string KeyId);

internal sealed record DecryptResponse(byte[] Plaintext, string? KeyId);

internal sealed record DescribeKeyRequest(string KeyId);

internal sealed record DescribeKeyResponse(KeyMetadata? KeyMetadata);

/// <summary>KeyState: Creating, Enabled, Disabled, PendingDeletion, PendingImport, PendingReplicaDeletion, Unavailable or Updating; only Enabled encrypts.</summary>
internal sealed record KeyMetadata(string KeyId, string? Arn, string? KeyState);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(EncryptResponse))]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(DescribeKeyRequest))]
[JsonSerializable(typeof(DescribeKeyResponse))]
internal sealed partial class KmsJsonContext : JsonSerializerContext;
