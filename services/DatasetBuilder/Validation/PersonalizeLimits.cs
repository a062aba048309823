namespace DatasetBuilder.Validation;

/// <summary>
/// Amazon Personalize's documented minimums and quotas the datasets must meet before an import or a training
/// (docs.aws.amazon.com/personalize/latest/dg/limits.html and interactions-dataset-requirements.html).
/// </summary>
public sealed record PersonalizeLimits
{
    public int MinInteractions { get; init; } = 1_000;
    public int MinUsersWithTwoInteractions { get; init; } = 25;
    /// <summary>At least this share of all users must have two or more interactions.</summary>
    public double MinShareOfUsersWithTwoInteractions { get; init; } = 0.01;
    /// <summary>Records one import job needs, FULL or INCREMENTAL.</summary>
    public int MinRecordsPerImportJob { get; init; } = 1_000;
    public int MaxInteractionMetadataColumns { get; init; } = 5;
    /// <summary>Distinct event types plus optional metadata columns (EVENT_TYPE and EVENT_VALUE counted) of INTERACTIONS.</summary>
    public int MaxEventTypesPlusMetadataColumns { get; init; } = 10;
    public int MaxUserMetadataColumns { get; init; } = 25;
    public int MaxItemMetadataColumns { get; init; } = 100;
    public int MaxIdLength { get; init; } = 256;
    public int MaxCategoricalLength { get; init; } = 1_000;
    /// <summary>Items a model considers, for recipes other than the v2 ones.</summary>
    public int MaxItems { get; init; } = 750_000;
    public long MaxFullImportBytes { get; init; } = 100L << 30;
    public long MaxIncrementalImportBytes { get; init; } = 1L << 30;

    public static readonly PersonalizeLimits Documented = new();

    /// <summary>Fields Personalize reserves in INTERACTIONS, which are not "metadata".</summary>
    public static readonly IReadOnlySet<string> InteractionsReserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE", "IMPRESSION", "RECOMMENDATION_ID",
    };
}
