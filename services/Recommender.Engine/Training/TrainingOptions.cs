using System.Globalization;

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

/// <summary>The settings of one model: its item graph, its implicit-ALS factors and their blend. Recorded in every model file.</summary>
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

    /// <summary>Whether the model carries implicit-ALS factors (the popularity baseline never does).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasFactors => FactorWeight > 0 && Factors > 0 && Algorithm != Algorithm.Popularity;

    /// <summary>The model family: the graph alone, the factors alone ("iALS", the graph then only proposes candidates and related
    /// tracks), or their blend ("Rp3Beta+iALS").</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Family => !HasFactors ? Algorithm.ToString() : FactorWeight >= 1 ? "iALS" : $"{Algorithm}+iALS";

    public TrainingOptions Clone() => (TrainingOptions)MemberwiseClone();

    /// <summary>The settings that matter for the family, in one line (also the search's identity of a candidate).</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (FactorWeight < 1 || !HasFactors) parts.Add(GraphSettings());
        if (HasFactors) parts.Add(FactorSettings() + (FactorWeight < 1 ? F($", blend {FactorWeight}") : ""));
        return string.Join(" + ", parts);
    }

    internal string GraphSettings() => Algorithm switch
    {
        Algorithm.Rp3Beta => F($"RP3beta α {Alpha} β {Beta}, {Neighbors} neighbours{Scaled()}"),
        Algorithm.Ease => F($"EASE λ {Lambda}, {Neighbors} neighbours{Scaled()}"),
        Algorithm.ItemKnn => F($"item-kNN shrink {Shrink}, {Neighbors} neighbours{Scaled()}"),
        _ => "popularity",
    };

    internal string FactorSettings() => F($"iALS {Factors} factors λ {FactorRegularization} α {FactorAlpha} ε {FactorEpsilon}, {FactorIterations} sweeps, seed {Seed}");

    private string Scaled() => Scaling == ConfidenceScaling.Binary ? "" : ", log confidence";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
