using System.Globalization;

namespace Recommender.Benchmarks.Suite;

/// <summary>One measured quantity of the table, with a value per run and the load average read beside each run.</summary>
public sealed class Figure(string row, string name, string unit, string target, Func<double, bool>? meets, bool higherIsBetter)
{
    public string Row { get; } = row;
    public string Name { get; } = name;
    public string Unit { get; } = unit;
    public string Target { get; } = target;
    public bool HigherIsBetter { get; } = higherIsBetter;
    public List<double> Values { get; } = [];
    public List<string> Loads { get; } = [];
    public string Note { get; set; } = "";

    public void Add(double value, string load)
    {
        Values.Add(value);
        Loads.Add(load);
    }

    public double Median
    {
        get
        {
            var sorted = Values.Where(v => !double.IsNaN(v)).Order().ToArray();
            if (sorted.Length == 0) return double.NaN;
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>"met", "not met", or "—" for a figure that only informs.</summary>
    public string Verdict => meets is null ? "—" : double.IsNaN(Median) ? "not measured" : meets(Median) ? "**met**" : "**not met**";

    public string Spread => Values.Count < 2 ? "1 run" : $"{Format(Values.Min())} – {Format(Values.Max())}";

    public string Format(double value) => double.IsNaN(value) ? "n/a" : Unit switch
    {
        "ms" => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture),
        "s" => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };
}
