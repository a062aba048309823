using System.Text;

namespace DatasetBuilder.Validation;

/// <summary>What the checks found: the facts measured and every rule not met, in words a person can act on.</summary>
public sealed record ValidationReport(IReadOnlyList<string> Facts, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(Passed ? "datasets meet Amazon Personalize's requirements" : $"datasets do not meet Amazon Personalize's requirements ({Problems.Count} problem{(Problems.Count == 1 ? "" : "s")}); nothing was published");
        foreach (var p in Problems) text.Append("  ✗ ").AppendLine(p);
        foreach (var f in Facts) text.Append("  · ").AppendLine(f);
        return text.ToString().TrimEnd();
    }
}
