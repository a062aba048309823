using BenchmarkDotNet.Running;
using Recommender.Benchmarks;

// `bench ...` the issue 14 scenarios against the all-in-one host (scripts/bench.sh); `training N` measures training at a size; `catalog-import [ROWS]` the catalog import verb on a generated Spotify tracks file; `freshness [PROBES]` ack → reflected through the all-in-one host; anything else goes to BenchmarkDotNet (e.g. --filter '*Serving*')
if (args.Length > 0 && args[0] == "bench") return await Recommender.Benchmarks.Suite.BenchCommand.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "profiles") return await ProfileApply.RunAsync(args);
if (args.Length > 0 && args[0] == "hot-path") return await HotPathTrack.RunAsync(args);
if (args.Length > 0 && args[0] == "training") return TrainingScale.Run(args);
if (args.Length > 0 && args[0] == "serving-quick") return ServingQuick.Run(args);
if (args.Length > 0 && args[0] == "freshness") return await Freshness.RunAsync(args);
if (args.Length > 0 && args[0] == "catalog-import") return await CatalogImport.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(ServingBenchmarks).Assembly).Run(args);
return 0;
