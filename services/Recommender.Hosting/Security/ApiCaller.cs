using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Access;
using Recommender.Core.Events;

namespace Recommender.Hosting.Security;

/// <summary>Who made a request: the key's id, its scopes and the user it is bound to. Absent while the APIs are open.</summary>
public sealed record ApiCaller(string KeyId, IReadOnlySet<string> Scopes, string? UserId)
{
    public static ApiCaller Of(ApiKey key) => new(key.KeyId, key.Scopes, key.UserId);

    /// <summary>True when the caller may post or read <paramref name="userId"/>'s data.</summary>
    public bool MayActFor(string userId) => UserId is null || string.Equals(UserId, userId, StringComparison.Ordinal);
}

public static class ApiCallers
{
    private static readonly object Key = typeof(ApiCaller);

    /// <summary>The authenticated caller of this request; null when no key is needed (the APIs are open) or on a probe.</summary>
    public static ApiCaller? ApiCaller(this HttpContext context) => context.Items.TryGetValue(Key, out var caller) ? caller as ApiCaller : null;

    internal static void SetApiCaller(this HttpContext context, ApiCaller caller) => context.Items[Key] = caller;

    /// <summary>
    /// 403 naming the first items of a request that are about another user than the key's (for bodies that carry user ids,
    /// such as an event batch); null when the caller may act for all of them.
    /// </summary>
    public static ProblemHttpResult? ForeignUsers(this HttpContext context, IEnumerable<(string Field, string UserId)> items)
    {
        if (context.ApiCaller() is not { UserId: { } own } caller) return null;
        var errors = items.Where(i => !caller.MayActFor(i.UserId))
            .Take(20)
            .Select(i => new FieldError(null, i.Field, $"is \"{i.UserId}\"; this key may only act for user \"{own}\""))
            .ToList();
        return errors.Count == 0 ? null : Problems.Forbidden($"this key is bound to user \"{own}\"; the request is about another user", errors);
    }
}
