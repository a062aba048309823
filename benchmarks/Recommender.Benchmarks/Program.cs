using BenchmarkDotNet.Running;
using Recommender.Benchmarks;

// `training N` measures training at a size; `catalog-import [ROWS]` the catalog import verb on a generated Spotify tracks file; `freshness [PROBES]` ack → reflected through the all-in-one host; anything else goes to BenchmarkDotNet (e.g. --filter '*Serving*')
if (args.Length > 0 && args[0] == "training") return TrainingScale.Run(args);
if (args.Length > 0 && args[0] == "serving-quick") return ServingQuick.Run(args);
if (args.Length > 0 && args[0] == "freshness") return await Freshness.RunAsync(args);
if (args.Length > 0 && args[0] == "catalog-import") return await CatalogImport.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(ServingBenchmarks).Assembly).Run(args);
return 0;
