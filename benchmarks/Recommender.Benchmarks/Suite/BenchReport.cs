using System.Text;

namespace Recommender.Benchmarks.Suite;

/// <summary>Writes the bench's section of docs/benchmarks.md (between its two markers, replacing what an earlier bench wrote
/// there; the rest of the file is left as it is).</summary>
public static class BenchReport
{
    public const string Begin = "<!-- bench:begin: written by scripts/bench.sh, edits here are overwritten -->";
    public const string End = "<!-- bench:end -->";

    public static string Section(BenchSettings settings, string command, DateTimeOffset started, TimeSpan took, string loadAtStart, string loadAtEnd,
        IReadOnlyList<Figure> figures, IReadOnlyList<GrowthPoint> growth, string chart, IReadOnlyList<string> log)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        Line(Begin);
        Line("## Performance: the bench command (issue 14)");
        Line();
        Line("```");
        Line(command);
        Line("```");
        Line();
        Line(($"Written by that command on {started:yyyy-MM-dd HH:mm} UTC (took {took.TotalMinutes:0.0} min) on commit {Machine.Commit()}: {Machine.Describe()}. " +
            $"Load average (1, 5, 15 min) {loadAtStart} at the start, {loadAtEnd} at the end; each figure's runs carry their own below."));
        if (settings.Quick)
            Line("**Quick smoke run** (`--quick`): smaller world and rates than the issue's, so the verdicts below answer the smoke run's own rates, not the issue's targets.");
        Line();
        Line(($"The all-in-one host (Release, embedded defaults) runs as a child process on a fresh data folder; the load generator " +
            $"(`benchmarks/Recommender.Benchmarks/Suite`, C#, on the same {Environment.ProcessorCount} cores) first posts the world: " +
            $"{settings.WorldEvents:N0} events of {settings.Listeners:N0} listeners over {settings.Tracks:N0} tracks (every event names its track's artist and genre), " +
            "and the host trains one model on it (no tuning search, no retrain during the runs). Then each scenario runs " +
            $"{settings.Runs} times: **median** and **spread** (min – max) over the runs. Open-loop runs send at a fixed rate and count each " +
            "request's latency from the time it was due, so queueing in the host or in the generator is in the figure; closed-loop runs " +
            $"({settings.Connections} connections back to back) measure capacity."));
        Line();
        Line("| row of the issue | figure | median | spread | target | verdict | load average per run |");
        Line("| --- | --- | ---: | --- | --- | --- | --- |");
        foreach (var f in figures)
            Line($"| {f.Row} | {f.Name} ({f.Unit}) | {f.Format(f.Median)} | {f.Spread} | {f.Target} | {f.Verdict} | {string.Join("; ", f.Loads)} |");
        var notes = figures.Where(f => f.Note.Length > 0).ToList();
        if (notes.Count > 0)
        {
            Line();
            foreach (var f in notes) Line($"- {f.Name}: {f.Note}.");
        }
        Line();
        Line("### Cost growth");
        Line();
        Line(($"One fresh host per size, listeners = tracks = N, {settings.GrowthEventsPerListener} events per listener posted through the ingestion API, " +
            $"one model trained on them; then {settings.Window.TotalSeconds:0} s of `GET /v1/recommendations` (25 results, random listeners, " +
            $"{settings.Connections} connections, closed loop) and the host's resident set. One run per size."));
        Line();
        if (chart.Length > 0) Line($"![cost growth: throughput, p99 and memory against listeners and tracks]({chart})");
        Line();
        Line("| listeners = tracks | events | ingest events/s | recommendations/s | p99 ms | RSS MiB | peak RSS MiB | load average |");
        Line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var g in growth)
            Line(($"| {g.Size:N0} | {g.Events:N0} | {g.IngestPerSecond:N0} | {g.ServedPerSecond:N0} | {g.P99Ms:0.0} | {g.RssMiB:N0} | {g.PeakMiB:N0} | {g.Load} |"));
        Line();
        Line("What the command printed:");
        Line();
        Line("```");
        foreach (var line in log) Line(line);
        Line("```");
        Line(End);
        return md.ToString();
    }

    /// <summary>Puts <paramref name="section"/> between the markers of <paramref name="path"/>, or before its first "## " heading after the
    /// title when the markers are not there yet.</summary>
    public static void WriteInto(string path, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
            text = text[..begin] + section.TrimEnd('\n') + text[(end + End.Length)..];
        else
        {
            var at = text.IndexOf("\n## ", StringComparison.Ordinal);
            text = at < 0 ? text + "\n" + section : text[..(at + 1)] + section + "\n" + text[(at + 1)..];
        }
        File.WriteAllText(path, text);
    }
}
