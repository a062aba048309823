using System.CommandLine;
using System.Diagnostics;
using Recommender.Engine;
using Recommender.Engine.Data;
using Recommender.Engine.Training;

namespace Recommender.AllInOne.Commands;

/// <summary><c>train --interactions FILE [--items FILE] --model-out FILE</c>: trains the engine on Personalize-format CSVs.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var interactions = new Option<string>("--interactions") { Description = "INTERACTIONS CSV (USER_ID,ITEM_ID,TIMESTAMP[,EVENT_TYPE,EVENT_VALUE])", Required = true };
        var items = new Option<string?>("--items") { Description = "ITEMS CSV (ITEM_ID plus ARTIST, GENRES pipe-separated, ...)" };
        var modelOut = new Option<string>("--model-out") { Description = "where to write the model file", Required = true };
        var algorithm = new Option<Algorithm>("--algorithm") { Description = "model family", DefaultValueFactory = _ => new TrainingOptions().Algorithm };
        var command = new Command("train", "Train the embedded engine on Amazon Personalize dataset CSVs") { interactions, items, modelOut, algorithm };
        command.SetAction(parse => CommandFailure.Guard(parse, () =>
        {
            var interactionsPath = parse.GetValue(interactions)!;
            var itemsPath = parse.GetValue(items);
            CommandFailure.RequireFile(interactionsPath, "--interactions");
            if (itemsPath is not null) CommandFailure.RequireFile(itemsPath, "--items");
            Console.WriteLine($"reading {interactionsPath}");
            var rows = PersonalizeCsv.ReadInteractions(interactionsPath);
            var metadata = itemsPath is null ? [] : PersonalizeCsv.ReadItems(itemsPath);
            var options = new EngineOptions();
            options.Training.Algorithm = parse.GetValue(algorithm);
            Console.WriteLine($"training {options.Training.Algorithm} on {rows.Count:N0} interactions, {metadata.Count:N0} item rows");
            var clock = Stopwatch.StartNew();
            var model = ModelTrainer.Train(rows, metadata, options);
            var seconds = clock.Elapsed.TotalSeconds;
            var output = parse.GetValue(modelOut)!;
            model.Save(output);
            Console.WriteLine($"trained in {seconds:F2} s: {model.UserIds.Length:N0} users, {model.ItemCount:N0} items, {model.Neighbors.NonZeros:N0} item links → {output}");
            return 0;
        }));
        return command;
    }
}
