using System.CommandLine;
using System.Text.Json;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Model;

namespace Recommender.AllInOne.Commands;

/// <summary><c>batch-recommend --model FILE --users FILE --num-results N --out FILE</c>: JSON lines like a Personalize batch inference job.</summary>
public static class BatchRecommendCommand
{
    public static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "model file written by train", Required = true };
        var users = new Option<string>("--users") { Description = "user ids, one per line (or JSON lines with \"userId\")", Required = true };
        var numResults = new Option<int>("--num-results") { Description = "items per user (1-500)", DefaultValueFactory = _ => 25 };
        var output = new Option<string>("--out") { Description = "JSON lines output file", Required = true };
        var command = new Command("batch-recommend", "Recommend for a list of users from a trained model, excluding what they already have") { modelPath, users, numResults, output };
        command.SetAction(parse => CommandFailure.Guard(parse, () =>
        {
            var n = parse.GetValue(numResults);
            if (n is < 1 or > 500) throw new ArgumentException("--num-results must be between 1 and 500");
            var modelFile = parse.GetValue(modelPath)!;
            var usersFile = parse.GetValue(users)!;
            CommandFailure.RequireFile(modelFile, "--model");
            CommandFailure.RequireFile(usersFile, "--users");
            // the serving code ranks (exclude-played, exploration, popular fill for unknown users), as a request would
            using var ranking = new ServedRanking(RecommenderModel.Load(modelFile), new Engine.EngineOptions());
            var written = 0;
            using var writer = new StreamWriter(parse.GetValue(output)!);
            foreach (var userId in ReadUsers(usersFile))
            {
                var top = ranking.Top(userId, n);
                writer.WriteLine(JsonSerializer.Serialize(new BatchLine(userId, top.ToArray()), BatchJson.Default.BatchLine));
                if (++written % 10_000 == 0) Console.WriteLine($"{written:N0} users");
            }
            Console.WriteLine($"wrote recommendations for {written:N0} users to {parse.GetValue(output)}");
            return 0;
        }));
        return command;
    }

    private static IEnumerable<string> ReadUsers(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(line);
                yield return doc.RootElement.TryGetProperty("userId", out var id) && id.GetString() is { } s
                    ? s : throw new FormatException($"--users: a JSON line without \"userId\": {line}");
            }
            else yield return line;
        }
    }
}

public sealed record BatchLine(string UserId, string[] ItemIds);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BatchLine))]
internal sealed partial class BatchJson : System.Text.Json.Serialization.JsonSerializerContext;
