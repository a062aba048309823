using Recommender.Engine.Data;

namespace Recommender.Engine.Evaluation;

/// <summary>The seeded, reproducible 8:1:1 split of published benchmarks (Personalize's protocol is <see cref="HeldOutCheck"/>).</summary>
internal static class Splits
{
    public sealed record RandomSplit(List<Interaction> Train, Dictionary<string, HashSet<string>> Valid, Dictionary<string, HashSet<string>> Test);

    /// <summary>Per user, its distinct items shuffled and cut 8:1:1 the way RecBole's ratio split counts (floor for valid/test, at least one each when the user has enough).</summary>
    public static RandomSplit Random811(IReadOnlyList<Interaction> interactions, int seed)
    {
        var random = new Random(seed);
        var train = new List<Interaction>();
        var valid = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var test = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var user in interactions.GroupBy(i => i.UserId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pairs = user.GroupBy(i => i.ItemId).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            random.Shuffle(pairs);
            var (nTrain, nValid) = Counts(pairs.Length);
            train.AddRange(pairs.Take(nTrain).SelectMany(g => g));
            valid[user.Key] = pairs.Skip(nTrain).Take(nValid).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            test[user.Key] = pairs.Skip(nTrain + nValid).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        }
        return new RandomSplit(train, valid, test);
    }

    // RecBole _calcu_split_ids: cnt = floor(ratio * n); train takes the rest; a part with 0 < ratio*n < 1 still gets one while train keeps > 1
    internal static (int Train, int Valid) Counts(int n)
    {
        int valid = (int)(0.1 * n), test = (int)(0.1 * n);
        var train = n - valid - test;
        if (train > 1 && 0.1 * n is > 0 and < 1) { test++; train--; }
        if (train > 1 && 0.1 * n is > 0 and < 1) { valid++; train--; }
        return (train, valid);
    }
}
