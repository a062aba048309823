using System.CommandLine;
using System.Diagnostics;
using Recommender.Engine;
using Recommender.Engine.Data;
using Recommender.Engine.Model;
using Recommender.Engine.Training;

namespace Recommender.AllInOne.Commands;

/// <summary><c>train --interactions FILE [--items FILE] --model-out FILE [--budget SECONDS]</c>: trains the engine on Personalize-format CSVs,
/// choosing its model family and settings on a validation part of the interactions (or fixed settings with <c>--budget 0</c>).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var interactions = new Option<string>("--interactions") { Description = "INTERACTIONS CSV (USER_ID,ITEM_ID,TIMESTAMP[,EVENT_TYPE,EVENT_VALUE])", Required = true };
        var items = new Option<string?>("--items") { Description = "ITEMS CSV (ITEM_ID plus ARTIST, GENRES pipe-separated, ...)" };
        var modelOut = new Option<string>("--model-out") { Description = "where to write the model file", Required = true };
        var budget = TuningOptions.Budget();
        var algorithm = new Option<Algorithm>("--algorithm") { Description = "model family of the fixed settings (with --budget 0)", DefaultValueFactory = _ => new TrainingOptions().Algorithm };
        var command = new Command("train", "Train the embedded engine on Amazon Personalize dataset CSVs") { interactions, items, modelOut, budget, algorithm };
        command.SetAction(parse => CommandFailure.Guard(parse, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var seconds = parse.GetValue(budget);
            TuningOptions.RequireNoSearchFor(parse, seconds, [algorithm]);
            var interactionsPath = parse.GetValue(interactions)!;
            var itemsPath = parse.GetValue(items);
            CommandFailure.RequireFile(interactionsPath, "--interactions");
            if (itemsPath is not null) CommandFailure.RequireFile(itemsPath, "--items");
            output.WriteLine($"reading {interactionsPath}");
            var rows = PersonalizeCsv.ReadInteractions(interactionsPath);
            var metadata = itemsPath is null ? [] : PersonalizeCsv.ReadItems(itemsPath);
            var options = new EngineOptions();
            options.Training.Algorithm = parse.GetValue(algorithm);
            var clock = Stopwatch.StartNew();
            var matrix = InteractionMatrix.Build(rows, options.Weighting, metadata.Select(m => m.ItemId));
            output.WriteLine(seconds > 0
                ? $"tuning on {rows.Count:N0} interactions, {metadata.Count:N0} item rows (budget {seconds:0.#} s)"
                : $"training {options.Training.Describe()} on {rows.Count:N0} interactions, {metadata.Count:N0} item rows");
            var model = ModelTuner.Train(matrix, metadata, options, TimeSpan.FromSeconds(seconds), TuningOptions.Printer(output));
            var elapsed = clock.Elapsed.TotalSeconds;
            var modelPath = parse.GetValue(modelOut)!;
            model.Save(modelPath);
            if (model.Training is { } record) output.WriteLine(record.ToText());
            output.WriteLine($"trained {model.Algorithm} in {elapsed:F2} s: {model.UserIds.Length:N0} users, {model.ItemCount:N0} items, {model.Neighbors.NonZeros:N0} item links → {modelPath}");
            return 0;
        }));
        return command;
    }
}
