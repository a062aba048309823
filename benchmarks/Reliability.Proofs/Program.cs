using Reliability.Proofs;

// The long reliability proofs of docs/reliability.md, one verb each; they write their figures to stdout.
if (args is not ["crash" or "fuzz" or "faults" or "overload", ..])
{
    Console.Error.WriteLine("usage: Reliability.Proofs crash [--kills N] | fuzz [--requests N] | faults [--fault-seconds N] | overload [--overload-seconds N] [--rate-limit REQUESTS_PER_S]  [--seed S] [--host-dll PATH] [--data-dir DIR]");
    return 2;
}
string Option(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
var repository = FindRepository();
var hostDll = Option("--host-dll", Path.Combine(repository, "services/Recommender.AllInOne/bin/Release/net10.0/Recommender.AllInOne.dll"));
if (!File.Exists(hostDll))
{
    Console.Error.WriteLine($"error: no host at {hostDll}; build it first: dotnet build -c Release services/Recommender.AllInOne");
    return 2;
}
var dataDirectory = Path.GetFullPath(Option("--data-dir", Path.Combine(Path.GetTempPath(), $"{args[0]}-proof-{Guid.NewGuid():N}")));
Console.WriteLine($"data folder: {dataDirectory}");
var seed = int.Parse(Option("--seed", "16"));
return args[0] switch
{
    "crash" => await CrashProof.RunAsync(hostDll, int.Parse(Option("--kills", "10")), seed, dataDirectory),
    "fuzz" => await FuzzProof.RunAsync(hostDll, int.Parse(Option("--requests", "10000")), seed, dataDirectory),
    "faults" => await FaultProof.RunAsync(hostDll, int.Parse(Option("--fault-seconds", "20")), seed, dataDirectory),
    _ => await OverloadProof.RunAsync(hostDll, TimeSpan.FromSeconds(int.Parse(Option("--overload-seconds", "30"))), seed, dataDirectory,
        Option("--rate-limit", "") is { Length: > 0 } limit ? [$"--Security:RateLimit:Requests={limit}", $"--Security:RateLimit:Burst={limit}"] : []),
};

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
