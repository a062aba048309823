using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;

namespace DatasetBuilder.Aws;

/// <summary>
/// What the infrastructure cannot create (neither Pulumi provider has Personalize campaigns or filters): the builder creates
/// them under the names whose ARNs the infrastructure computed, once a trained version exists. Each call does only what is missing.
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

    /// <summary>Creates the exclusion filter and the related-items campaign when absent; returns one line per thing done.</summary>
    public async Task<IReadOnlyList<string>> EnsureExtrasAsync(CancellationToken ct)
    {
        var done = new List<string>();
        if (aws.FilterArn is { Length: > 0 } filter && !await FilterExistsAsync(filter, ct))
        {
            try
            {
                await personalize.CreateFilterAsync(NameOf(filter), PersonalizeFilters.ExcludeExpression, ct);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceAlreadyExistsException")
            {
                // created by a call whose answer was lost: it is the filter asked for
            }
            done.Add($"filter {filter} created");
        }
        if (aws.RelatedItemsCampaignArn is { Length: > 0 } related && aws.RelatedItemsSolutionArn is { Length: > 0 } sims
            && await FindCampaignAsync(related, ct) is null)
        {
            var versions = await personalize.ListSolutionVersionsAsync(sims, ct);
            // the newest trained version: an older one would serve a model the daily runs have since replaced
            var active = versions.Where(v => v.Status == "ACTIVE").MaxBy(v => v.CreationDateTime);
            if (active is not null)
            {
                await CreateCampaignAsync(related, active.SolutionVersionArn, ct);
                done.Add($"campaign {related} created on {active.SolutionVersionArn}");
            }
            else if (versions.All(v => v.Status?.Contains("FAILED", StringComparison.Ordinal) == true))
            {
                // the campaign is created by the first run that finds this version trained
                var arn = await personalize.CreateSolutionVersionAsync(sims, "FULL", null, ct);
                done.Add($"training {arn} for the related-items campaign");
            }
            else done.Add($"the related-items campaign waits for a version of {sims} to finish training");
        }
        return done;
    }

    private async Task<bool> FilterExistsAsync(string filterArn, CancellationToken ct)
    {
        try { await personalize.DescribeFilterAsync(filterArn, ct); return true; }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException") { return false; }
    }
}
