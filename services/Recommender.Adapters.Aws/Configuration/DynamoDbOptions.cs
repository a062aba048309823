using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>The DynamoDB profile table (section "Aws:DynamoDb").</summary>
public sealed class DynamoDbOptions : IValidatedOptions
{
    public const string Section = "Aws:DynamoDb";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:DynamoDb:TableName: one item per user, hash key "user_id" (S).</summary>
    public string TableName { get; set; } = "";

    /// <summary>
    /// Aws:DynamoDb:DeadLetterTableName: dead letters of hosted consumer loops (hash "consumer", range "record_key");
    /// default "{TableName}-dead-letters". Lambda sends failed records to its on-failure SQS queue instead.
    /// </summary>
    public string? DeadLetterTableName { get; set; }

    public string ResolvedDeadLetterTableName => AwsOptions.FirstNonEmpty(DeadLetterTableName) ?? $"{TableName}-dead-letters";

    /// <summary>Aws:DynamoDb:CatalogTableName: the track catalog (hash key "track_id"); default "{TableName}-catalog".</summary>
    public string? CatalogTableName { get; set; }

    public string ResolvedCatalogTableName => AwsOptions.FirstNonEmpty(CatalogTableName) ?? $"{TableName}-catalog";

    /// <summary>
    /// Aws:DynamoDb:SpotifyLinksTableName: the hosted Spotify producer's linked accounts and pending connects (hash key "pk",
    /// TTL on "expires_at"); default "{TableName}-spotify-links".
    /// </summary>
    public string? SpotifyLinksTableName { get; set; }

    public string ResolvedSpotifyLinksTableName => AwsOptions.FirstNonEmpty(SpotifyLinksTableName) ?? $"{TableName}-spotify-links";

    /// <summary>At most this many of a user's applied event ids are kept (the newest): the bound on the item's size.</summary>
    public int AppliedEventWindow { get; set; } = 1000;

    /// <summary>How long an applied event id is remembered to refuse a copy; longer than the Kinesis stream's retention (24 h by default).</summary>
    public TimeSpan DeduplicationWindow { get; set; } = Core.Events.EventContract.DefaultDeduplicationWindow;

    public int MaxConcurrentUsers { get; set; } = 8;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(TableName)) yield return "Aws:DynamoDb:TableName is required: the DynamoDB table of user profiles";
        if (AppliedEventWindow is < 10 or > 5000) yield return $"Aws:DynamoDb:AppliedEventWindow must be 10 to 5000; got {AppliedEventWindow}";
        if (DeduplicationWindow <= TimeSpan.Zero) yield return $"Aws:DynamoDb:DeduplicationWindow must be positive; got {DeduplicationWindow}";
        if (MaxConcurrentUsers is < 1 or > 64) yield return $"Aws:DynamoDb:MaxConcurrentUsers must be 1 to 64; got {MaxConcurrentUsers}";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:DynamoDb:ServiceUrl", ServiceUrl)) yield return p;
    }
}
