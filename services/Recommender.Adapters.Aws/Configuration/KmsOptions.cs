using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>AWS KMS (section "Aws:Kms"): the key the hosted Spotify producer seals listeners' tokens with.</summary>
public sealed class KmsOptions : IValidatedOptions
{
    public const string Section = "Aws:Kms";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:Kms:TokenKeyId: a symmetric key's id, ARN or alias ("alias/recommender-spotify-tokens"); without it the AWS adapters give no token cipher.</summary>
    public string? TokenKeyId { get; set; }

    public IEnumerable<string> Problems() => AwsOptions.ServiceUrlProblems("Aws:Kms:ServiceUrl", ServiceUrl);
}
