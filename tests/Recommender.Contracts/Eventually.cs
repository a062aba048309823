namespace Recommender.Contracts;

/// <summary>
/// Waits for background work (consumer loops, a model swap, a server start) by asking for its outcome until it is there,
/// never for a fixed time: the suite runs on 2 cores beside other builds, where "should be done by now" is a guess. The
/// deadline is generous because it is only reached when something is broken; the failure then says what did not happen
/// and what was last seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Asks <paramref name="probe"/> until <paramref name="done"/> holds for its answer and returns that answer;
    /// after the deadline fails with <paramref name="what"/> and the last answer.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{what}: not within {limit.TotalSeconds:N0} s (last seen: {Describe(value)})");
            await Task.Delay(Poll);
        }
    }

    public static Task<T> ValueAsync<T>(Func<T> probe, Func<T, bool> done, string what, TimeSpan? deadline = null) =>
        ValueAsync(() => Task.FromResult(probe()), done, what, deadline);

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(condition, met => met, what, deadline);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(() => Task.FromResult(condition()), met => met, what, deadline);

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        bool b => b ? "true" : "false",
        string s => s,
        System.Collections.IEnumerable items => Items(items.Cast<object?>().ToList()),
        _ => value.ToString() ?? "",
    };

    private static string Items(List<object?> all) => $"{all.Count} items [{string.Join(", ", all.Take(10))}{(all.Count > 10 ? ", ..." : "")}]";
}
