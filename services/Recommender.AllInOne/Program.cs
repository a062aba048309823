using System.CommandLine;
using Recommender.AllInOne.Commands;

// The engine's offline verbs; the lead merges these with serve/demo.
var root = new RootCommand("Real-time music recommendations on one machine")
{
    TrainCommand.Create(),
    BatchRecommendCommand.Create(),
    EvaluateCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // one line, not a help page: scripts read the first line of stderr
    Console.Error.WriteLine($"error: {parsed.Errors[0].Message} (see --help)");
    return CommandFailure.BadInput;
}
return await parsed.InvokeAsync();
