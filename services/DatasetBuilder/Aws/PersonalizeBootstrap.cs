using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;

namespace DatasetBuilder.Aws;

/// <summary>
/// What the infrastructure cannot create or set (neither Pulumi provider has Personalize campaigns, filters, or a solution's
/// automatic training): the builder does it under the names whose ARNs the infrastructure computed. Each call does only what is missing.
/// </summary>
internal sealed class PersonalizeBootstrap(PersonalizeControlPlane personalize, AwsBuildOptions aws)
{
    /// <summary>The campaign, or null when Personalize answers ResourceNotFoundException (not created yet).</summary>
    public async Task<Campaign?> FindCampaignAsync(string campaignArn, CancellationToken ct)
    {
        try { return await personalize.DescribeCampaignAsync(campaignArn, ct); }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException") { return null; }
    }

    /// <summary>
    /// Creates the campaign under the name its ARN ends with; one that exists already (a create whose answer was lost, then
    /// retried) is the one we asked for: the caller waits on it by ARN as on a new one.
    /// </summary>
    public async Task CreateCampaignAsync(string campaignArn, string solutionVersionArn, CancellationToken ct)
    {
        try { await personalize.CreateCampaignAsync(NameOf(campaignArn), solutionVersionArn, null, ct); }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceAlreadyExistsException") { }
    }

    /// <summary>"recommender-prod-recommendations" from "arn:aws:personalize:region:account:campaign/recommender-prod-recommendations".</summary>
    public static string NameOf(string arn) => arn[(arn.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>Creates the recommendation filters (the exclusions, and one per combination of includes) that are absent; returns one line per filter created.</summary>
    public async Task<IReadOnlyList<string>> EnsureExtrasAsync(CancellationToken ct)
    {
        var done = new List<string>();
        if (aws.FilterArn is not { Length: > 0 } exclusions) return done;
        foreach (var (filter, expression) in PersonalizeFilters.All(exclusions))
        {
            if (await FilterExistsAsync(filter, ct)) continue;
            try
            {
                await personalize.CreateFilterAsync(NameOf(filter), expression, ct);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceAlreadyExistsException")
            {
                // created by a call whose answer was lost: it is the filter asked for
            }
            done.Add($"filter {filter} created");
        }
        return done;
    }

    /// <summary>
    /// Turns off Personalize's automatic training of our solutions (on by default for a new solution, and neither Pulumi
    /// provider can set it): it would train a version every 7 days, billed per training hour, that no gate has judged.
    /// </summary>
    public async Task<IReadOnlyList<string>> TurnOffAutomaticTrainingAsync(CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var solution in new[] { aws.SolutionArn, aws.RelatedItemsSolutionArn }.OfType<string>().Where(a => a.Length > 0))
        {
            if ((await personalize.DescribeSolutionAsync(solution, ct)).PerformAutoTraining == false) continue;
            await personalize.UpdateSolutionAsync(solution, performAutoTraining: false, ct);
            done.Add($"automatic training of {solution} turned off: the daily build trains and gates each version");
        }
        return done;
    }

    private async Task<bool> FilterExistsAsync(string filterArn, CancellationToken ct)
    {
        try { await personalize.DescribeFilterAsync(filterArn, ct); return true; }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException") { return false; }
    }
}
