using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.AwsFakes.Kms;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Aws.Tests.Kms;

/// <summary>The KMS token cipher, composed by AddAwsAdapters, against the KMS fake that checks every call against AWS's kms model.</summary>
public sealed class KmsTokenCipherTests : IAsyncLifetime
{
    private FakeKms _kms = null!;
    private string _keyArn = null!;

    public async Task InitializeAsync()
    {
        _kms = await FakeKms.StartAsync(AwsServices.TestCredentials);
        _keyArn = _kms.CreateKey("alias/spotify-tokens");
    }

    public async Task DisposeAsync()
    {
        await _kms.DisposeAsync();
        _kms.ModelViolations.ShouldBeEmpty("the fake answered off AWS's model");
    }

    private ServiceProvider Services(string keyId) => AwsServices.Build(new()
    {
        ["Aws:Kms:ServiceUrl"] = _kms.Url.ToString(),
        ["Aws:Kms:TokenKeyId"] = keyId,
    });

    [Fact]
    public async Task sealed_tokens_open_only_for_their_user_and_hold_no_clear_text()
    {
        await using var services = Services("alias/spotify-tokens");
        var cipher = services.GetRequiredService<ITokenCipher>();
        var secret = Encoding.UTF8.GetBytes("{\"refresh_token\":\"refresh-abc\"}");

        var sealedBytes = await cipher.SealAsync(secret, "u-1", CancellationToken.None);

        Encoding.UTF8.GetString(sealedBytes).ShouldNotContain("refresh-abc");
        (await cipher.OpenAsync(sealedBytes, "u-1", CancellationToken.None)).ShouldBe(secret);
        await Should.ThrowAsync<CryptographicException>(() => cipher.OpenAsync(sealedBytes, "u-2", CancellationToken.None));
        sealedBytes[^1] ^= 1;
        await Should.ThrowAsync<CryptographicException>(() => cipher.OpenAsync(sealedBytes, "u-1", CancellationToken.None));
        _kms.Refused.ShouldBeEmpty();
        (_kms.Calls["Encrypt"], _kms.Calls["Decrypt"]).ShouldBe((1, 1));
    }

    [Fact]
    public async Task tokens_sealed_under_one_key_do_not_open_under_another()
    {
        var otherKey = _kms.CreateKey("alias/other");
        await using var first = Services(_keyArn);
        await using var second = Services(otherKey);
        var sealedBytes = await first.GetRequiredService<ITokenCipher>().SealAsync(new byte[] { 1, 2, 3 }, "u-1", CancellationToken.None);

        await Should.ThrowAsync<CryptographicException>(() => second.GetRequiredService<ITokenCipher>().OpenAsync(sealedBytes, "u-1", CancellationToken.None));
    }

    [Fact]
    public async Task a_disabled_key_is_a_service_error_not_a_wrong_user()
    {
        await using var services = Services(_keyArn);
        var cipher = services.GetRequiredService<ITokenCipher>();
        var sealedBytes = await cipher.SealAsync(new byte[] { 1 }, "u-1", CancellationToken.None);
        _kms.Disable(_keyArn);

        var e = await Should.ThrowAsync<Recommender.Adapters.Aws.Protocol.AwsServiceException>(() => cipher.OpenAsync(sealedBytes, "u-1", CancellationToken.None));
        e.ErrorCode.ShouldBe("DisabledException");
    }

    [Fact]
    public void without_a_key_the_adapters_give_no_cipher_so_no_host_takes_tokens_it_cannot_seal()
    {
        using var services = AwsServices.Build(new() { ["Aws:Kms:ServiceUrl"] = _kms.Url.ToString() });
        services.GetService<ITokenCipher>().ShouldBeNull();
    }

    [Fact]
    public async Task tokens_past_kms_4_kb_limit_are_refused_by_the_model_check()
    {
        await using var services = Services(_keyArn);
        var e = await Should.ThrowAsync<Recommender.Adapters.Aws.Protocol.AwsServiceException>(
            () => services.GetRequiredService<ITokenCipher>().SealAsync(new byte[4097], "u-1", CancellationToken.None));
        e.ErrorCode.ShouldBe("ValidationException");
        _kms.Refused.ShouldHaveSingleItem().ShouldContain("Plaintext");
    }
}
