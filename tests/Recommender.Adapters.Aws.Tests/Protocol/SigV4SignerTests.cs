using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Tests.Protocol;

/// <summary>Known answers of AWS's SigV4 test suite (aws-sig-v4-test-suite), credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z.</summary>
public sealed class SigV4SignerTests
{
    private static readonly SigV4Signer.Credentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private const string AmzDate = "20150830T123600Z";

    private static SigV4Signer.Signature SignGet(string url) => SigV4Signer.Sign(
        new SigV4Signer.Request("GET", new Uri(url),
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", AmzDate)],
            SigV4Signer.HashHex([])),
        Example, "us-east-1", "service", AmzDate);

    [Fact]
    public void get_vanilla_gives_the_published_authorization_header()
    {
        SignGet("https://example.amazonaws.com/").Authorization.ShouldBe(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
            "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    [Fact]
    public void get_vanilla_canonical_request_is_the_published_one()
    {
        SignGet("https://example.amazonaws.com/").CanonicalRequest.ShouldBe(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public void query_parameters_are_sorted_before_signing()
    {
        // get-vanilla-query-order-key-case
        SignGet("https://example.amazonaws.com/?Param2=value2&Param1=value1").Authorization
            .ShouldEndWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    [Fact]
    public void a_different_secret_gives_a_different_signature()
    {
        var other = SigV4Signer.Sign(
            new SigV4Signer.Request("GET", new Uri("https://example.amazonaws.com/"),
                [new("Host", "example.amazonaws.com"), new("X-Amz-Date", AmzDate)], SigV4Signer.HashHex([])),
            Example with { SecretAccessKey = "another" }, "us-east-1", "service", AmzDate);
        other.Authorization.ShouldNotEndWith("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    [Theory]
    [InlineData("com.amazonaws.kinesis.v20131202#ResourceNotFoundException", "ResourceNotFoundException")]
    [InlineData("ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException")]
    [InlineData("InvalidInputException", "InvalidInputException")]
    public void error_types_are_reduced_to_the_aws_error_code(string raw, string code) =>
        AwsServiceException.ShortCode(raw).ShouldBe(code);
}
