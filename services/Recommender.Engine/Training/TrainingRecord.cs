using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Engine.Training;

/// <summary>One model the search scored on the validation part.</summary>
public sealed record CandidateRecord(string Family, string Settings, double Ndcg10, double Recall10, double TrainSeconds, double ScoreSeconds,
    TrainingOptions Options);

/// <summary>
/// What the self-tuning search did, kept in the model file and printed by the command that trained it: how validation was carved,
/// every candidate with its validation figures, which one was chosen and refit on all the training data, and where the time went
/// (seconds of the cores the search uses, see <see cref="TuningBudget"/>).
/// </summary>
public sealed record TrainingRecord
{
    public required string Chosen { get; init; }
    public required string ChosenSettings { get; init; }
    /// <summary>"newest tenth per user" or "random tenth per user".</summary>
    public required string Validation { get; init; }
    public required int ValidationUsers { get; init; }
    public required int ValidationPairs { get; init; }
    public required double BudgetSeconds { get; init; }
    public required double SearchSeconds { get; init; }
    public required double RefitSeconds { get; init; }
    /// <summary>Candidates the budget left untried (0 when the search space was covered).</summary>
    public required int Skipped { get; init; }
    public required IReadOnlyList<CandidateRecord> Candidates { get; init; }

    /// <summary>The best candidate of each family, best first (what "at least as good as the best single family" compares).</summary>
    public IEnumerable<CandidateRecord> BestPerFamily() =>
        Candidates.GroupBy(c => c.Family).Select(g => g.MaxBy(c => c.Ndcg10)!).OrderByDescending(c => c.Ndcg10);

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(F($"validation: {Validation} of {ValidationUsers:N0} users ({ValidationPairs:N0} pairs), candidates trained on the rest"));
        text.AppendLine(F($"{"family",-14}{"ndcg@10",9}{"recall@10",11}{"train s",9}{"score s",9}  settings"));
        foreach (var c in Candidates)
            text.AppendLine(F($"{c.Family,-14}{c.Ndcg10,9:F4}{c.Recall10,11:F4}{c.TrainSeconds,9:F2}{c.ScoreSeconds,9:F2}  {c.Settings}"));
        text.AppendLine(F($"chosen: {Chosen} ({ChosenSettings})"));
        text.Append(F($"search {SearchSeconds:F1} s of a {BudgetSeconds:F0} s budget{(Skipped > 0 ? $", {Skipped} candidates left untried" : "")}; refit on all training data {RefitSeconds:F1} s"));
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, TrainingJson.Default.TrainingRecord);

    public static TrainingRecord FromJson(string json) =>
        JsonSerializer.Deserialize(json, TrainingJson.Default.TrainingRecord) ?? throw new InvalidDataException("an empty training record");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TrainingRecord))]
[JsonSerializable(typeof(TrainingOptions))]
internal sealed partial class TrainingJson : JsonSerializerContext;
