using System.CommandLine;
using System.Globalization;
using Recommender.Engine.Training;

namespace Recommender.AllInOne.Commands;

/// <summary>The <c>--budget</c> option of the verbs that train: how long the self-tuning search may take; 0 trains fixed settings.</summary>
internal static class TuningOptions
{
    public const double DefaultBudgetSeconds = 60;

    public static Option<double> Budget() => new("--budget")
    {
        Description = "seconds the self-tuning search may take (of the cores it uses); 0 = no search, train the fixed settings",
        DefaultValueFactory = _ => DefaultBudgetSeconds,
        HelpName = "SECONDS",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<double>() is var v && (v < 0 || double.IsNaN(v) || double.IsInfinity(v)))
                    result.AddError("--budget must be 0 or more seconds");
            },
        },
    };

    /// <summary>Fixed settings make sense only without a search: naming one with a budget is an error, not a silent no-op.</summary>
    public static void RequireNoSearchFor(ParseResult parse, double budget, IEnumerable<Option> fixedSettings)
    {
        if (budget <= 0) return;
        var given = fixedSettings.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
        if (given is not null)
            throw new ArgumentException($"{given.Name} sets a fixed setting, which the self-tuning search would override; add --budget 0 to train fixed settings");
    }

    /// <summary>One line per candidate as the search scores it, so a long search shows progress.</summary>
    public static Action<CandidateRecord> Printer(TextWriter output) => c =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Family,-14} ndcg@10 {c.Ndcg10:F4}  recall@10 {c.Recall10:F4}  ({c.TrainSeconds + c.ScoreSeconds:F1} s)  {c.Settings}"));
}
