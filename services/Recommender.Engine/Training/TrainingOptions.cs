namespace Recommender.Engine.Training;

public enum Algorithm
{
    /// <summary>Most-listened items; the baseline every model must beat.</summary>
    Popularity,
    /// <summary>Cosine item-to-item neighbours; the classic baseline.</summary>
    ItemKnn,
    /// <summary>Random walk user→item→user→item with a popularity penalty (Paudel et al. 2017).</summary>
    Rp3Beta,
    /// <summary>Closed-form linear item-to-item model (Steck 2019); dense in min(users, items), so only for smaller data.</summary>
    Ease,
}

/// <summary>How raw confidence becomes the value a trainer reads.</summary>
public enum ConfidenceScaling { Binary, Log }

public sealed class TrainingOptions
{
    public Algorithm Algorithm { get; set; } = Algorithm.Rp3Beta;
    public ConfidenceScaling Scaling { get; set; } = ConfidenceScaling.Binary;
    /// <summary>Neighbours kept per item.</summary>
    public int Neighbors { get; set; } = 500;
    /// <summary>RP3beta: exponent on the transition probabilities.</summary>
    public double Alpha { get; set; } = 1.0;
    /// <summary>RP3beta: popularity penalty exponent.</summary>
    public double Beta { get; set; } = 0.3;
    /// <summary>Item-kNN: shrinkage added to the cosine denominator.</summary>
    public double Shrink { get; set; } = 10;
    /// <summary>EASE: L2 regularisation.</summary>
    public double Lambda { get; set; } = 200;
    /// <summary>Implicit ALS latent dimensions; trained alongside the item graph when <see cref="FactorWeight"/> &gt; 0.</summary>
    public int Factors { get; set; } = 64;
    /// <summary>Share of the implicit-ALS scores in the blend with the item graph (0 = graph only, 1 = factors only).</summary>
    public double FactorWeight { get; set; } = 0.5;
    /// <summary>Implicit ALS: L2 regularisation λ.</summary>
    public double FactorRegularization { get; set; } = 10;
    /// <summary>Implicit ALS: confidence c = 1 + α·log(1 + weight/ε).</summary>
    public double FactorAlpha { get; set; } = 2;
    public double FactorEpsilon { get; set; } = 1;
    /// <summary>Implicit ALS: alternating sweeps.</summary>
    public int FactorIterations { get; set; } = 8;
    /// <summary>Seed of the random initial factors.</summary>
    public int Seed { get; set; } = 42;
    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; set; }
}
