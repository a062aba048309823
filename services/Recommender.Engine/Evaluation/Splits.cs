using Recommender.Engine.Data;

namespace Recommender.Engine.Evaluation;

/// <summary>Seeded, reproducible splits of interactions for the two protocols.</summary>
internal static class Splits
{
    public sealed record RandomSplit(List<Interaction> Train, Dictionary<string, HashSet<string>> Valid, Dictionary<string, HashSet<string>> Test);

    public sealed record UserSplit(List<Interaction> Train, List<(string User, List<Interaction> Input, HashSet<string> Truth)> Test);

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

    public static UserSplit ByUsers(IReadOnlyList<Interaction> interactions, int seed)
    {
        var random = new Random(seed);
        var users = interactions.Select(i => i.UserId).Distinct().Order(StringComparer.Ordinal).ToArray();
        random.Shuffle(users);
        var testUsers = users.Take(Math.Max(1, users.Length / 10)).ToHashSet(StringComparer.Ordinal);
        var train = interactions.Where(i => !testUsers.Contains(i.UserId)).ToList();
        var test = new List<(string, List<Interaction>, HashSet<string>)>();
        foreach (var user in interactions.Where(i => testUsers.Contains(i.UserId)).GroupBy(i => i.UserId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // data without timestamps (all equal) keep a seeded random order, so "newest" is a random 10%
            var ordered = user.Select(i => (i, tie: random.Next())).OrderBy(x => x.i.Timestamp).ThenBy(x => x.tie).Select(x => x.i).ToList();
            if (ordered.Count < 2) continue;
            var inputCount = Math.Clamp((int)Math.Floor(0.9 * ordered.Count), 1, ordered.Count - 1);
            var input = ordered.Take(inputCount).ToList();
            var seen = input.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
            var truth = ordered.Skip(inputCount).Select(i => i.ItemId).Where(id => !seen.Contains(id)).ToHashSet(StringComparer.Ordinal);
            if (truth.Count > 0) test.Add((user.Key, input, truth));
        }
        return new UserSplit(train, test);
    }
}
