using System.CommandLine;
using System.Globalization;
using Recommender.Engine.Model;

namespace Recommender.AllInOne.Tests;

/// <summary><c>train</c> on a small Personalize INTERACTIONS file: the self-tuning search's every candidate is printed and recorded.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("train-verb-").FullName;

    // three taste groups of 20 listeners over 15 tracks each, listens a day apart
    private string WriteInteractions()
    {
        var random = new Random(4);
        var path = Path.Combine(_folder, "interactions.csv");
        using var writer = new StreamWriter(path);
        writer.WriteLine("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE");
        for (var u = 0; u < 60; u++)
        {
            var group = u / 20;
            var tracks = Enumerable.Range(group * 15, 15).OrderBy(_ => random.Next()).Take(10);
            var day = 0;
            foreach (var t in tracks)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"u{u},t{t},{1_700_000_000 + 86_400 * day++},complete,1"));
        }
        return path;
    }

    [Fact]
    public async Task train_prints_every_candidate_the_search_scored_and_the_model_file_records_the_same_ones()
    {
        var interactions = WriteInteractions();
        var modelPath = Path.Combine(_folder, "model.bin");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await AllInOneCommandLine.InvokeAsync(["train", "--interactions", interactions, "--model-out", modelPath, "--budget", "10"],
            new InvocationConfiguration { Output = output, Error = error });

        exit.ShouldBe(0, error.ToString());
        var text = output.ToString();
        var record = RecommenderModel.Load(modelPath).Training.ShouldNotBeNull();
        record.Candidates.Count.ShouldBeGreaterThan(1);
        foreach (var candidate in record.Candidates)
            text.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"{candidate.Ndcg10:F4}  recall@10 {candidate.Recall10:F4}"), customMessage: candidate.Settings);
        text.ShouldContain($"chosen: {record.Chosen} ({record.ChosenSettings})");
        text.ShouldContain("validation: newest tenth per user");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
