using System.Globalization;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Personalize;

/// <summary>
/// Serving on Personalize: GetRecommendations on the user-personalization campaign (with the filter and
/// an HOUR_OF_DAY context), related tracks from the SIMS campaign, and GetPersonalizedRanking on the
/// ranking campaign (without one, the user's recommendations order the list).
/// </summary>
internal sealed class PersonalizeRecommender(AwsJsonClient runtime, PersonalizeRecommenderSettings settings, TimeProvider time) : IRecommender
{
    /// <summary>Personalize recommends to an absent user as to any unknown one: popular items.</summary>
    public const string AnonymousUserId = "anonymous";

    private static readonly PersonalizeJsonContext Json = PersonalizeJsonContext.Default;

    public async Task<RecommendationList> RecommendAsync(RecommendationQuery query, CancellationToken cancellationToken)
    {
        var filterValues = settings.FilterArn is null ? null : PersonalizeFilters.Values(query.Filters);
        var response = await GetRecommendationsAsync(new GetRecommendationsRequest
        {
            CampaignArn = settings.CampaignArn,
            UserId = string.IsNullOrEmpty(query.UserId) ? AnonymousUserId : query.UserId,
            NumResults = Math.Clamp(query.NumResults, 1, RecommendationQuery.MaxNumResults),
            Context = new Dictionary<string, string> { ["HOUR_OF_DAY"] = time.GetUtcNow().Hour.ToString(CultureInfo.InvariantCulture) },
            FilterArn = filterValues is null ? null : PersonalizeFilters.ArnFor(settings.FilterArn!, query.Filters),
            FilterValues = filterValues,
        }, cancellationToken).ConfigureAwait(false);
        return ToList(response.RecommendationId, response.ItemList);
    }

    public async Task<RecommendationList?> RelatedAsync(string trackId, int numResults, bool explain, CancellationToken cancellationToken)
    {
        try
        {
            var response = await GetRecommendationsAsync(new GetRecommendationsRequest
            {
                CampaignArn = settings.RelatedItemsCampaignArn,
                ItemId = trackId,
                NumResults = Math.Clamp(numResults, 1, RecommendationQuery.MaxNumResults),
            }, cancellationToken).ConfigureAwait(false);
            return response.ItemList is { Count: > 0 } ? ToList(response.RecommendationId, response.ItemList) : null;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "InvalidInputException")
        {
            return null;
        }
    }

    public async Task<RecommendationList> RankAsync(string userId, IReadOnlyList<string> trackIds, CancellationToken cancellationToken)
    {
        if (trackIds.Count == 0) return new RecommendationList(RecommendationList.NewId(), []);
        if (settings.RankingCampaignArn is { } rankingCampaign)
        {
            var ranked = await runtime.PostAsync("/personalize-ranking", new GetPersonalizedRankingRequest
            {
                CampaignArn = rankingCampaign,
                UserId = userId,
                InputList = trackIds.Take(RecommendationQuery.MaxNumResults).ToList(),
            }, Json.GetPersonalizedRankingRequest, Json.GetPersonalizedRankingResponse, cancellationToken).ConfigureAwait(false);
            return ToList(ranked.RecommendationId, ranked.PersonalizedRanking);
        }
        var recommended = await GetRecommendationsAsync(new GetRecommendationsRequest
        {
            CampaignArn = settings.CampaignArn,
            UserId = userId,
            NumResults = RecommendationQuery.MaxNumResults,
        }, cancellationToken).ConfigureAwait(false);
        var scores = (recommended.ItemList ?? []).ToDictionary(i => i.ItemId, i => i.Score ?? 0, StringComparer.Ordinal);
        var order = trackIds.Select((id, at) => (id, at))
            .OrderByDescending(p => scores.TryGetValue(p.id, out var s) ? s : double.NegativeInfinity)
            .ThenBy(p => p.at)
            .Select(p => new RecommendedItem(p.id, scores.GetValueOrDefault(p.id)))
            .ToList();
        return new RecommendationList(recommended.RecommendationId ?? RecommendationList.NewId(), order);
    }

    /// <summary>How soon a client asks again while no campaign exists: the first build's training takes hours.</summary>
    internal static readonly TimeSpan NotDeployedRetryAfter = TimeSpan.FromMinutes(15);

    private async Task<GetRecommendationsResponse> GetRecommendationsAsync(GetRecommendationsRequest request, CancellationToken ct)
    {
        try
        {
            return await runtime.PostAsync("/recommendations", request, Json.GetRecommendationsRequest, Json.GetRecommendationsResponse, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            // the campaigns and filters are created by the dataset builder's first successful run, after a deploy
            throw new RecommenderNotReadyException(
                "no recommendation model is deployed yet: the dataset builder's first successful run creates the Personalize campaign " +
                $"(Personalize: {e.ServiceMessage})", NotDeployedRetryAfter, e);
        }
    }

    private static RecommendationList ToList(string? recommendationId, IReadOnlyList<PredictedItem>? items) => new(
        recommendationId ?? RecommendationList.NewId(),
        (items ?? []).Select(i => new RecommendedItem(i.ItemId, i.Score ?? 0, i.Reason is { Count: > 0 } r ? string.Join("; ", r) : null)).ToList());
}

internal sealed record PersonalizeRecommenderSettings(string CampaignArn, string RelatedItemsCampaignArn, string? RankingCampaignArn, string? FilterArn);
