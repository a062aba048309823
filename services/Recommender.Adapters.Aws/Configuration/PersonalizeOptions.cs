using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>Amazon Personalize (section "Aws:Personalize"); which settings are needed depends on the part used.</summary>
public sealed class PersonalizeOptions : IValidatedOptions
{
    public const string Section = "Aws:Personalize";

    /// <summary>One override for the three Personalize endpoints (control plane, events, runtime), e.g. a test fake.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Aws:Personalize:TrackingId: the event tracker PutEvents writes to (hot path).</summary>
    public string? TrackingId { get; set; }

    /// <summary>Aws:Personalize:EventTrackerArn: that tracker's ARN, which the hot path's readiness check describes.</summary>
    public string? EventTrackerArn { get; set; }

    /// <summary>Aws:Personalize:CampaignArn: a USER_PERSONALIZATION campaign (GetRecommendations).</summary>
    public string? CampaignArn { get; set; }

    /// <summary>Aws:Personalize:RelatedItemsCampaignArn: a SIMS campaign (related tracks).</summary>
    public string? RelatedItemsCampaignArn { get; set; }

    /// <summary>Aws:Personalize:RankingCampaignArn: a PERSONALIZED_RANKING campaign; when absent, ranking orders by the user's recommendations.</summary>
    public string? RankingCampaignArn { get; set; }

    /// <summary>Aws:Personalize:FilterArn: a filter made from <see cref="Personalize.PersonalizeFilters.ExcludeExpression"/>.</summary>
    public string? FilterArn { get; set; }

    /// <summary>Aws:Personalize:DatasetGroupArn and RoleArn: what the daily dataset builder imports into and the role Personalize reads S3 with.</summary>
    public string? DatasetGroupArn { get; set; }

    public string? RoleArn { get; set; }

    /// <summary>Aws:Personalize:SolutionArn and RelatedItemsSolutionArn: the solutions the builder trains new versions of.</summary>
    public string? SolutionArn { get; set; }

    public string? RelatedItemsSolutionArn { get; set; }

    /// <summary>What every part needs; each part's own settings are checked when a host first builds that part.</summary>
    public IEnumerable<string> Problems() => AwsOptions.ServiceUrlProblems("Aws:Personalize:ServiceUrl", ServiceUrl);

    internal IEnumerable<string> TrackerProblems()
    {
        if (string.IsNullOrWhiteSpace(TrackingId)) yield return "Aws:Personalize:TrackingId is required: the event tracker's tracking id (CreateEventTracker gives it)";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Personalize:ServiceUrl", ServiceUrl)) yield return p;
    }

    internal IEnumerable<string> RecommenderProblems()
    {
        if (string.IsNullOrWhiteSpace(CampaignArn)) yield return "Aws:Personalize:CampaignArn is required: the user-personalization campaign recommendations come from";
        if (string.IsNullOrWhiteSpace(RelatedItemsCampaignArn)) yield return "Aws:Personalize:RelatedItemsCampaignArn is required: the SIMS campaign related tracks come from";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Personalize:ServiceUrl", ServiceUrl)) yield return p;
    }

    internal IEnumerable<string> ControlPlaneProblems()
    {
        if (string.IsNullOrWhiteSpace(DatasetGroupArn)) yield return "Aws:Personalize:DatasetGroupArn is required: the dataset group the daily builder imports into";
        if (string.IsNullOrWhiteSpace(RoleArn)) yield return "Aws:Personalize:RoleArn is required: the IAM role Personalize reads the S3 datasets with";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Personalize:ServiceUrl", ServiceUrl)) yield return p;
    }
}
