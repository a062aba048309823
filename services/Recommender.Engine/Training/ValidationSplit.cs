using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>
/// The validation part the search scores candidates on, carved from the training interactions themselves: per user, the newest
/// tenth of their tracks when the data has real times (what comes next is what a model must predict), a seeded random tenth
/// otherwise. Candidates train on the rest (<see cref="Fit"/>), which keeps every user and every item of the data.
/// </summary>
public sealed class ValidationSplit
{
    public const double Share = 0.1;
    /// <summary>Users with fewer tracks than this keep them all for fitting: a tenth of less is nothing.</summary>
    public const int MinTracksPerUser = 5;

    public required InteractionMatrix Fit { get; init; }
    /// <summary>Held-out item indices per validation user (by user id).</summary>
    public required Dictionary<string, int[]> Truth { get; init; }
    public required bool ByTime { get; init; }

    public int HeldOutPairs => Truth.Values.Sum(t => t.Length);

    /// <param name="maxUsers">Validation users at most (a seeded sample when more qualify), so scoring a candidate stays cheap on big data.</param>
    public static ValidationSplit Carve(InteractionMatrix data, int seed, int maxUsers = 5_000)
    {
        var random = new Random(seed);
        var eligible = Enumerable.Range(0, data.UserCount).Where(u => data.Rows.RowLength(u) >= MinTracksPerUser).ToArray();
        if (eligible.Length > maxUsers)
        {
            random.Shuffle(eligible);
            eligible = eligible[..maxUsers];
            Array.Sort(eligible);
        }
        var byTime = data.LastSeen is not null;
        var heldOut = new HashSet<int>(); // positions in Rows
        var truth = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var u in eligible)
        {
            var start = data.Rows.Offsets[u];
            var positions = Enumerable.Range(start, data.Rows.RowLength(u)).ToArray();
            var count = Math.Max(1, (int)(Share * positions.Length));
            // ties in time (or no times at all) are broken by the seeded shuffle
            random.Shuffle(positions);
            var chosen = byTime
                ? positions.Select((p, order) => (p, order)).OrderByDescending(x => data.LastSeen![x.p]).ThenBy(x => x.order).Take(count).Select(x => x.p).ToArray()
                : positions[..count];
            heldOut.UnionWith(chosen);
            truth[data.UserIds[u]] = chosen.Select(p => data.Rows.Indices[p]).Order().ToArray();
        }
        return new ValidationSplit { Fit = data.Where((_, p) => !heldOut.Contains(p)), Truth = truth, ByTime = byTime };
    }
}
