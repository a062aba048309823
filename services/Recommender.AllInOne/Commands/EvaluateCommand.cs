using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recommender.Engine;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Training;

namespace Recommender.AllInOne.Commands;

/// <summary><c>evaluate --dataset lastfm-hetrec-2k|personalize-csv --path P --protocol random-811|personalize --seed N [--json]</c>:
/// the engine and its baselines (popularity, item-kNN) on one seeded split.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "lastfm-hetrec-2k or lastfm-hetrec-2k-tags (the data set's folder), or personalize-csv (an INTERACTIONS file)", Required = true };
        var path = new Option<string>("--path") { Description = "the data set's folder or INTERACTIONS CSV", Required = true };
        var items = new Option<string?>("--items") { Description = "ITEMS CSV for personalize-csv" };
        var protocol = new Option<string>("--protocol") { Description = "random-811 (8:1:1, full ranking) or personalize", DefaultValueFactory = _ => "random-811" };
        var seed = new Option<int>("--seed") { Description = "split seed", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "end with one JSON line of the engine's metrics" };
        var heldOut = new Option<HeldOut>("--held-out") { Description = "random-811: score the Test part or the Validation part (for choosing settings)", DefaultValueFactory = _ => HeldOut.Test };
        var noBaselines = new Option<bool>("--no-baselines") { Description = "evaluate only the engine" };
        var budget = TuningOptions.Budget();
        var families = new Option<bool>("--families") { Description = "also refit each family's best candidate of the search and evaluate it the same way" };
        var defaults = new TrainingOptions();
        var algorithm = new Option<Algorithm>("--algorithm") { Description = "model family (fixed settings, with --budget 0)", DefaultValueFactory = _ => defaults.Algorithm };
        var neighbors = new Option<int>("--neighbors") { Description = "neighbours kept per item (with --budget 0)", DefaultValueFactory = _ => defaults.Neighbors };
        var alpha = new Option<double>("--alpha") { Description = "RP3beta alpha (with --budget 0)", DefaultValueFactory = _ => defaults.Alpha };
        var beta = new Option<double>("--beta") { Description = "RP3beta beta (with --budget 0)", DefaultValueFactory = _ => defaults.Beta };
        var lambda = new Option<double>("--lambda") { Description = "EASE lambda (with --budget 0)", DefaultValueFactory = _ => defaults.Lambda };
        var factors = new Option<int>("--factors") { Description = "implicit ALS dimensions (with --budget 0)", DefaultValueFactory = _ => defaults.Factors };
        var factorWeight = new Option<double>("--factor-weight") { Description = "share of implicit ALS in the blend with the graph, 0 = graph only (with --budget 0)", DefaultValueFactory = _ => defaults.FactorWeight };
        var factorReg = new Option<double>("--factor-regularization") { Description = "implicit ALS lambda (with --budget 0)", DefaultValueFactory = _ => defaults.FactorRegularization };
        var factorAlpha = new Option<double>("--factor-alpha") { Description = "implicit ALS confidence alpha (with --budget 0)", DefaultValueFactory = _ => defaults.FactorAlpha };
        var factorEpsilon = new Option<double>("--factor-epsilon") { Description = "implicit ALS confidence epsilon (with --budget 0)", DefaultValueFactory = _ => defaults.FactorEpsilon };
        var factorIterations = new Option<int>("--factor-iterations") { Description = "implicit ALS sweeps (with --budget 0)", DefaultValueFactory = _ => defaults.FactorIterations };
        var scaling = new Option<ConfidenceScaling>("--scaling") { Description = "confidence scaling of the graph (with --budget 0)", DefaultValueFactory = _ => defaults.Scaling };
        var engineDefaults = new EngineOptions();
        var contentWeight = new Option<double>("--content-weight") { Description = "genre taste weight for played items", DefaultValueFactory = _ => engineDefaults.ContentWeight };
        var exploration = new Option<double>("--exploration-weight") { Description = "genre taste weight for cold items (serving default 0.3; offline accuracy is measured without exploration)", DefaultValueFactory = _ => 0.0 };
        var factorPool = new Option<int>("--factor-pool") { Description = "most popular tracks a request scans by their factors (serving setting; smaller than the catalog shows what tail tracks lose)", DefaultValueFactory = _ => engineDefaults.FactorPoolSize };
        Option[] fixedSettings = [algorithm, neighbors, alpha, beta, lambda, factors, factorWeight, factorReg, factorAlpha, factorEpsilon, factorIterations, scaling];
        var command = new Command("evaluate", "Evaluate the engine offline (Personalize's metrics, or the 8:1:1 random split of published benchmarks)")
        {
            dataset, path, items, protocol, seed, json, heldOut, noBaselines, budget, families, contentWeight, exploration, factorPool,
        };
        foreach (var option in fixedSettings) command.Options.Add(option);
        command.SetAction(parse => CommandFailure.Guard(parse, () =>
        {
            var chosen = parse.GetValue(protocol) switch
            {
                "random-811" => Protocol.RandomSplit811,
                "personalize" => Protocol.Personalize,
                var other => throw new ArgumentException($"--protocol must be random-811 or personalize, not '{other}'"),
            };
            var seconds = parse.GetValue(budget);
            TuningOptions.RequireNoSearchFor(parse, seconds, fixedSettings);
            if (parse.GetValue(families) && seconds <= 0) throw new ArgumentException("--families compares the families of a search; it needs a --budget above 0");
            Console.WriteLine($"loading {parse.GetValue(dataset)} from {parse.GetValue(path)}");
            var (rows, metadata) = DataSets.Load(parse.GetValue(dataset)!, parse.GetValue(path)!, parse.GetValue(items));
            if (rows.Count == 0) throw new FormatException("the data set has no interactions");
            Console.WriteLine($"{rows.Count:N0} interactions, {rows.Select(r => r.UserId).Distinct().Count():N0} users, {metadata.Count:N0} item rows");

            var training = new TrainingOptions
            {
                Algorithm = parse.GetValue(algorithm), Neighbors = parse.GetValue(neighbors), Alpha = parse.GetValue(alpha),
                Beta = parse.GetValue(beta), Lambda = parse.GetValue(lambda), Scaling = parse.GetValue(scaling),
                Factors = parse.GetValue(factors), FactorWeight = parse.GetValue(factorWeight), FactorRegularization = parse.GetValue(factorReg),
                FactorAlpha = parse.GetValue(factorAlpha), FactorEpsilon = parse.GetValue(factorEpsilon), FactorIterations = parse.GetValue(factorIterations),
            };
            var engine = new EngineOptions
            {
                Training = training, ContentWeight = parse.GetValue(contentWeight), ExplorationWeight = parse.GetValue(exploration),
                FactorPoolSize = parse.GetValue(factorPool),
            };
            if (engine.FactorPoolSize < 1) throw new ArgumentException("--factor-pool must be at least 1");
            EvaluationResult Run(string name, EngineOptions options, Trainer trainer)
            {
                Console.WriteLine($"evaluating {name} ...");
                return chosen == Protocol.Personalize
                    ? OfflineEvaluator.Personalize(rows, metadata, options, parse.GetValue(seed), trainer)
                    : OfflineEvaluator.RandomSplit811(rows, metadata, options, parse.GetValue(seed), parse.GetValue(heldOut), trainer);
            }

            var results = new List<(string Name, EvaluationResult Result)>();
            var tuned = seconds > 0;
            var first = Run(tuned ? "the self-tuned engine (search on the training part)" : $"the engine, fixed settings: {training.Describe()}",
                engine, tuned ? OfflineEvaluator.Tuned(engine, TimeSpan.FromSeconds(seconds), TuningOptions.Printer(Console.Out)) : OfflineEvaluator.Fixed(engine));
            if (first.Training is { } record) Console.WriteLine(record.ToText());
            results.Add((tuned ? "engine, self-tuned" : "engine, fixed", first));
            if (parse.GetValue(families) && first.Training is { } search)
                foreach (var best in search.BestPerFamily())
                {
                    var options = new EngineOptions { Training = best.Options, ContentWeight = engine.ContentWeight, ExplorationWeight = engine.ExplorationWeight, FactorPoolSize = engine.FactorPoolSize };
                    results.Add(($"family {best.Family}", Run($"{best.Family} at its best settings of the search: {best.Settings}", options, OfflineEvaluator.Fixed(options))));
                }
            if (!parse.GetValue(noBaselines))
            {
                // the baselines are the bare algorithms: no genre taste on top
                foreach (var (name, baseline) in new[] { ("popularity", Algorithm.Popularity), ("item-knn", Algorithm.ItemKnn) })
                {
                    var options = new EngineOptions { Training = new TrainingOptions { Algorithm = baseline, FactorWeight = 0 }, ContentWeight = 0, ExplorationWeight = 0 };
                    results.Add((name, Run(name, options, OfflineEvaluator.Fixed(options))));
                }
            }
            PrintTable(results, chosen, parse.GetValue(seed));
            if (parse.GetValue(json)) Console.WriteLine(Json(first));
            return 0;
        }));
        return command;
    }

    private static void PrintTable(List<(string Name, EvaluationResult Result)> results, Protocol protocol, int seed)
    {
        var first = results[0].Result;
        Console.WriteLine();
        Console.WriteLine($"protocol {protocol}, seed {seed}: {first.EvaluatedUsers:N0} users evaluated, {first.Items:N0} items ranked, {first.TrainInteractions:N0} training pairs");
        var names = first.Metrics.Keys.ToList();
        Console.WriteLine($"{"model",-40}" + string.Concat(names.Select(n => $"{n,13}")) + $"{"train s",10}");
        foreach (var (name, r) in results)
            Console.WriteLine($"{name + " (" + r.Algorithm + ")",-40}" + string.Concat(names.Select(n => $"{r.Metrics[n],13:F4}")) + $"{r.TrainSeconds,10:F2}");
    }

    private static string Json(EvaluationResult result)
    {
        var values = result.Metrics.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 6));
        values["train_seconds"] = Math.Round(result.TrainSeconds, 3);
        var body = string.Join(",", values.Select(kv => $"{JsonSerializer.Serialize(kv.Key)}:{kv.Value.ToString(CultureInfo.InvariantCulture)}"));
        var settings = result.Training?.ChosenSettings;
        return $"{{{body},\"algorithm\":{JsonSerializer.Serialize(result.Algorithm)},\"settings\":{JsonSerializer.Serialize(settings)},\"protocol\":{JsonSerializer.Serialize(result.Protocol == Protocol.Personalize ? "personalize" : "random-811")}}}";
    }
}
