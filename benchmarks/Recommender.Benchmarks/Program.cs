using BenchmarkDotNet.Running;
using Recommender.Benchmarks;

// `training N` measures training at a size; anything else goes to BenchmarkDotNet (e.g. --filter '*Serving*')
if (args.Length > 0 && args[0] == "training") return TrainingScale.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(ServingBenchmarks).Assembly).Run(args);
return 0;
