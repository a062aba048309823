namespace Recommender.Engine.Evaluation;

/// <summary>Top-k metrics of one ranked list against a set of relevant items (binary relevance).</summary>
public static class RankingMetrics
{
    public static int Hits(IReadOnlyList<int> ranked, IReadOnlySet<int> truth, int k)
    {
        var hits = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++) if (truth.Contains(ranked[r])) hits++;
        return hits;
    }

    public static double Recall(IReadOnlyList<int> ranked, IReadOnlySet<int> truth, int k) =>
        truth.Count == 0 ? 0 : (double)Hits(ranked, truth, k) / truth.Count;

    public static double Precision(IReadOnlyList<int> ranked, IReadOnlySet<int> truth, int k) => (double)Hits(ranked, truth, k) / k;

    /// <summary>DCG of the hits over the ideal DCG of min(|truth|, k) hits at the top.</summary>
    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlySet<int> truth, int k)
    {
        double dcg = 0, ideal = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
            if (truth.Contains(ranked[r])) dcg += 1 / Math.Log2(r + 2);
        for (var r = 0; r < Math.Min(k, truth.Count); r++) ideal += 1 / Math.Log2(r + 2);
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>1 / rank of the first relevant item within the top k, else 0.</summary>
    public static double ReciprocalRank(IReadOnlyList<int> ranked, IReadOnlySet<int> truth, int k)
    {
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
            if (truth.Contains(ranked[r])) return 1.0 / (r + 1);
        return 0;
    }
}
