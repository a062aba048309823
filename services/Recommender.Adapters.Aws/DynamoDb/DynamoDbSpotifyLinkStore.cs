using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// Linked Spotify accounts and pending connects in one DynamoDB table (Aws:DynamoDb:SpotifyLinksTableName), hash key "pk":
/// "link#{user}" holds a link (tokens only as the cipher sealed them), "account#{account}" claims a Spotify account for one
/// user (the UNIQUE of the SQLite store, kept with conditional writes), "pending#{state}" a connect in flight, with
/// "expires_at" in epoch seconds for the table's TTL. Every read is strongly consistent, so a claim is never missed.
/// </summary>
public sealed class DynamoDbSpotifyLinkStore(IAmazonDynamoDB dynamo, string tableName) : ISpotifyLinkStore
{
    public const string KeyAttribute = "pk";
    public const string ExpiresAtAttribute = "expires_at";
    private const string LinkPrefix = "link#";
    private const string AccountPrefix = "account#";
    private const string PendingPrefix = "pending#";

    public string TableName => tableName;

    public async Task SavePendingAsync(PendingAuthorization pending, CancellationToken cancellationToken)
    {
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = new()
            {
                [KeyAttribute] = S(PendingPrefix + pending.State), ["user_id"] = S(pending.UserId), ["code_verifier"] = S(pending.CodeVerifier),
                ["redirect_uri"] = S(pending.RedirectUri), ["expires_ms"] = SpotifyLinkItem.N(pending.ExpiresAt.ToUnixTimeMilliseconds()),
                [ExpiresAtAttribute] = SpotifyLinkItem.N(pending.ExpiresAt.ToUnixTimeSeconds()),
            },
            // a state is random: one already there is a bug, never something to overwrite
            ConditionExpression = "attribute_not_exists(pk)",
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PendingAuthorization?> TakePendingAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // the delete is the take: of two callbacks with one state, only one gets the old item back
        var response = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tableName, Key = Key(PendingPrefix + state), ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        if (response.Attributes is not { Count: > 0 } item) return null;
        var pending = new PendingAuthorization(state, item["user_id"].S, item["code_verifier"].S, item["redirect_uri"].S,
            DateTimeOffset.FromUnixTimeMilliseconds(SpotifyLinkItem.Long(item, "expires_ms")!.Value));
        return pending.ExpiresAt > now ? pending : null;
    }

    public async Task<SpotifyLink?> GetAsync(string userId, CancellationToken cancellationToken) =>
        await GetItemAsync(LinkPrefix + userId, cancellationToken).ConfigureAwait(false) is { } item ? SpotifyLinkItem.Parse(item) : null;

    public async Task<string?> FindUserOfAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        if (await GetItemAsync(AccountPrefix + accountId, cancellationToken).ConfigureAwait(false) is not { } claim) return null;
        // a claim outlives its link when a writer stopped between the two writes: only the link itself says who holds the account
        var owner = claim["user_id"].S;
        return (await GetAsync(owner, cancellationToken).ConfigureAwait(false))?.AccountId == accountId ? owner : null;
    }

    public async Task LinkAsync(SpotifyLink link, CancellationToken cancellationToken)
    {
        var previous = await GetAsync(link.UserId, cancellationToken).ConfigureAwait(false);
        await ClaimAsync(link.AccountId, link.UserId, cancellationToken).ConfigureAwait(false);
        await dynamo.PutItemAsync(new PutItemRequest { TableName = tableName, Item = SpotifyLinkItem.From(link, LinkPrefix + link.UserId) }, cancellationToken)
            .ConfigureAwait(false);
        if (previous is not null && previous.AccountId != link.AccountId)
            await ReleaseAsync(previous.AccountId, link.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(SpotifyLink link, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = SpotifyLinkItem.From(link, LinkPrefix + link.UserId),
                ConditionExpression = "linked_at_ms = :linked",
                ExpressionAttributeValues = new() { [":linked"] = SpotifyLinkItem.N(link.LinkedAt.ToUnixTimeMilliseconds()) },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> UnlinkAsync(string userId, CancellationToken cancellationToken)
    {
        var response = await dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tableName, Key = Key(LinkPrefix + userId), ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        var removed = response.Attributes is { Count: > 0 } old ? SpotifyLinkItem.Parse(old) : null;
        if (removed is not null) await ReleaseAsync(removed.AccountId, userId, cancellationToken).ConfigureAwait(false);
        // a connect the listener started before unlinking must not link the account again
        await foreach (var pending in ScanAsync(PendingPrefix, cancellationToken).ConfigureAwait(false))
            if (pending["user_id"].S == userId)
                await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = tableName, Key = Key(pending[KeyAttribute].S) }, cancellationToken).ConfigureAwait(false);
        return removed is not null;
    }

    public async Task<IReadOnlyList<SpotifyLink>> ListAsync(CancellationToken cancellationToken)
    {
        var links = new List<SpotifyLink>();
        await foreach (var item in ScanAsync(LinkPrefix, cancellationToken).ConfigureAwait(false)) links.Add(SpotifyLinkItem.Parse(item));
        return links.OrderBy(l => l.UserId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Claims the account for the user; refused when another user's link holds it (a stale claim is taken over).</summary>
    private async Task ClaimAsync(string accountId, string userId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claim = await GetItemAsync(AccountPrefix + accountId, cancellationToken).ConfigureAwait(false);
            var owner = claim?["user_id"].S;
            if (owner is not null && owner != userId && (await GetAsync(owner, cancellationToken).ConfigureAwait(false))?.AccountId == accountId)
                throw new InvalidOperationException("this Spotify account is already linked to another listener");
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = tableName,
                    Item = new() { [KeyAttribute] = S(AccountPrefix + accountId), ["user_id"] = S(userId) },
                    // exactly the claim read above, so two users linking one account at once cannot both win
                    ConditionExpression = owner is null ? "attribute_not_exists(pk)" : "user_id = :owner",
                    ExpressionAttributeValues = owner is null ? null : new() { [":owner"] = S(owner) },
                }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConditionalCheckFailedException)
            {
                // someone claimed it meanwhile: read again
            }
        }
        throw new InvalidOperationException("this Spotify account is being linked by another listener at the same time");
    }

    private async Task ReleaseAsync(string accountId, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tableName, Key = Key(AccountPrefix + accountId),
                ConditionExpression = "user_id = :user",
                ExpressionAttributeValues = new() { [":user"] = S(userId) },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // another listener holds the account now: the claim is theirs
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string key, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(key), ConsistentRead = true }, cancellationToken)
            .ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> ScanAsync(string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = tableName, ConsistentRead = true, ExclusiveStartKey = start,
                FilterExpression = "begins_with(pk, :prefix)",
                ExpressionAttributeValues = new() { [":prefix"] = S(prefix) },
            }, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? []) yield return item;
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    private static Dictionary<string, AttributeValue> Key(string key) => new() { [KeyAttribute] = S(key) };

    private static AttributeValue S(string value) => new() { S = value };
}
