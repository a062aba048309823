using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// Profiles in DynamoDB, one item per user. A batch is applied per user as read, fold the new events
/// with <see cref="ProfileAggregator"/>, write back on condition that "version" is unchanged; a lost race
/// reads again. An event whose id the user's item applied within the de-duplication window is skipped, so a redelivered
/// batch counts once; older ids are forgotten, and at most <c>maxAppliedIds</c> are kept (the newest), which bounds the
/// item's size (DynamoDB's 400 KB).
/// </summary>
internal sealed class DynamoDbProfileStore(
    IAmazonDynamoDB dynamo, string tableName, int maxAppliedIds, TimeSpan deduplicationWindow, int maxConcurrentUsers, TimeProvider time) : IProfileStore
{
    private const int MaxWriteRaces = 20;

    public async Task<int> ApplyAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        var byUser = events.GroupBy(e => e.UserId, StringComparer.Ordinal).ToList();
        var applied = 0;
        await Parallel.ForEachAsync(byUser, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrentUsers, CancellationToken = cancellationToken },
            async (group, ct) => Interlocked.Add(ref applied, await ApplyToUserAsync(group.Key, group.ToList(), ct).ConfigureAwait(false)))
            .ConfigureAwait(false);
        return applied;
    }

    public async Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken) =>
        (await ReadAsync(userId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))?.Profile;

    private async Task<int> ApplyToUserAsync(string userId, List<PlaybackEvent> events, CancellationToken ct)
    {
        for (var race = 0; ; race++)
        {
            var now = time.GetUtcNow();
            var current = await ReadAsync(userId, now, ct).ConfigureAwait(false);
            var item = current ?? ProfileItem.New(userId);
            var cutoff = (now - deduplicationWindow).ToUnixTimeMilliseconds();
            var applied = item.AppliedEvents.Where(p => p.Value >= cutoff).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var fresh = events.Where(e => applied.TryAdd(e.EventId, now.ToUnixTimeMilliseconds())).ToList();
            if (fresh.Count == 0) return 0;

            var profile = item.Profile;
            foreach (var e in fresh) ProfileAggregator.Apply(profile, e);
            if (applied.Count > maxAppliedIds)
                foreach (var oldest in applied.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(applied.Count - maxAppliedIds).ToList())
                    applied.Remove(oldest.Key);
            var next = new ProfileItem(profile, item.Version + 1, applied);

            try
            {
                await dynamo.PutItemAsync(Conditioned(next, current), ct).ConfigureAwait(false);
                return fresh.Count;
            }
            catch (ConditionalCheckFailedException) when (race + 1 < MaxWriteRaces)
            {
                // Another writer changed this user's item since we read it: fold again onto theirs.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * (race + 1))), ct).ConfigureAwait(false);
            }
        }
    }

    private PutItemRequest Conditioned(ProfileItem next, ProfileItem? current) => current is null
        ? new PutItemRequest
        {
            TableName = tableName,
            Item = next.ToAttributes(),
            ConditionExpression = "attribute_not_exists(#u)",
            ExpressionAttributeNames = new() { ["#u"] = ProfileItem.UserIdAttribute },
        }
        : new PutItemRequest
        {
            TableName = tableName,
            Item = next.ToAttributes(),
            ConditionExpression = "#v = :expected",
            ExpressionAttributeNames = new() { ["#v"] = ProfileItem.VersionAttribute },
            ExpressionAttributeValues = new() { [":expected"] = new AttributeValue { N = current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        };

    private async Task<ProfileItem?> ReadAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new() { [ProfileItem.UserIdAttribute] = new AttributeValue { S = userId } },
            ConsistentRead = true,
        }, ct).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ProfileItem.FromAttributes(item, now) : null;
    }
}
