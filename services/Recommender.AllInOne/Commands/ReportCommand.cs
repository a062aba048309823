using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Analytics;
using Recommender.Core.Configuration;
using Recommender.Hosting;
using Spectre.Console;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>report [--data-dir D | --archive PATH] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--user ID] [--report NAME]... [--format table|csv|json] [--output PATH]</c>:
/// the listening reports of analytics/ on DuckDB over a local lake, as tables, CSV (one file per report) or the stats API's JSON.
/// </summary>
public static class ReportCommand
{
    public static readonly string[] Formats = ["table", "csv", "json"];

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "the data folder whose archive/ to read", DefaultValueFactory = _ => DataFolder.Default, HelpName = "DIR" };
        var archive = new Option<string?>("--archive") { Description = "a lake folder (dt=YYYY-MM-DD/ partitions) to read instead of the data folder's", HelpName = "PATH" };
        var from = new Option<string?>("--from") { Description = "first UTC date, YYYY-MM-DD (default: 30 days before --to)", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "last UTC date, YYYY-MM-DD (default: today)", HelpName = "DATE" };
        var user = new Option<string?>("--user") { Description = "one listener's reports (default: everyone)", HelpName = "ID" };
        var report = new Option<string[]>("--report") { Description = "reports to run (default: all)", AllowMultipleArgumentsPerToken = true, HelpName = "NAME" };
        report.AcceptOnlyFromAmong([.. ListeningReports.Marts.Select(Name)]);
        var format = new Option<string>("--format") { Description = "table (the console), csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output") { Description = "csv: a folder for one <report>.csv each (stdout when one report is chosen); json: a file (default stdout)", HelpName = "PATH" };
        var command = new Command("report", "Listening reports (daily listening, skip rates, genres, discovery, sessions, top tracks and artists) over the local Parquet lake")
        {
            dataDir, archive, from, to, user, report, format, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            string root;
            ReportParameters parameters;
            try
            {
                root = parse.GetValue(archive) is { } path ? path : Path.Combine(parse.GetValue(dataDir)!, "archive");
                if (!Directory.Exists(root)) throw new ArgumentException($"no archive at {Path.GetFullPath(root)} (--data-dir or --archive)");
                var last = Date(parse.GetValue(to), "--to") ?? DateOnly.FromDateTime(DateTime.UtcNow);
                var first = Date(parse.GetValue(from), "--from") ?? last.AddDays(-29);
                if (first > last) throw new ArgumentException($"--from ({first:yyyy-MM-dd}) is after --to ({last:yyyy-MM-dd})");
                var id = parse.GetValue(user);
                if (id is not null && (id.Length is 0 or > 256 || id.Any(char.IsControl))) throw new ArgumentException("--user must be 1 to 256 characters without control characters");
                parameters = new ReportParameters(first, last, id);
            }
            catch (ArgumentException e) { return Fail(stderr, CommandFailure.BadInput, e.Message); }

            var chosen = parse.GetValue(report) is { Length: > 0 } names ? names.Select(Mart).Distinct().ToList() : [.. ListeningReports.Marts];
            var fmt = parse.GetValue(format)!;
            var target = parse.GetValue(output);
            if (fmt == "csv" && chosen.Count > 1 && target is null)
                return Fail(stderr, CommandFailure.BadInput, "--format csv with more than one report needs --output FOLDER (one <report>.csv each), or one --report");

            var reports = new ListeningReports(new DuckDbAnalyticsEngine(new FileEventArchive(root)));
            if (fmt == "json")
            {
                var json = JsonSerializer.Serialize(await reports.StatsAsync(parameters, cancellationToken), Json);
                if (target is null) await stdout.WriteLineAsync(json);
                else await File.WriteAllTextAsync(target, json + "\n", cancellationToken);
                return 0;
            }
            foreach (var mart in chosen)
            {
                var table = await reports.RunAsync(mart, parameters, cancellationToken);
                if (fmt == "table") Print(stdout, mart, parameters, table);
                else if (target is null) await stdout.WriteAsync(Csv(table));
                else
                {
                    Directory.CreateDirectory(target);
                    await File.WriteAllTextAsync(Path.Combine(target, Name(mart) + ".csv"), Csv(table), cancellationToken);
                }
            }
            if (fmt == "csv" && target is not null) await stderr.WriteLineAsync($"wrote {chosen.Count} reports to {Path.GetFullPath(target)}");
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        ServiceDefaults.Configure(options);
        return options;
    }

    /// <summary>A report's name on the command line: the mart's with dashes.</summary>
    private static string Name(string mart) => mart.Replace('_', '-');

    private static string Mart(string name) => name.Replace('-', '_');

    private static DateOnly? Date(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new ArgumentException($"{option} must be a date written YYYY-MM-DD; got \"{text}\"");

    private static void Print(TextWriter output, string mart, ReportParameters parameters, ReportTable report)
    {
        var scope = parameters.UserId is { } id ? $"listener {id}" : "everyone";
        var table = new Table().Title($"[bold]{Markup.Escape(Name(mart))}[/] ({Markup.Escape(scope)}, {parameters.From:yyyy-MM-dd} to {parameters.To:yyyy-MM-dd})");
        foreach (var column in report.Columns) table.AddColumn(new TableColumn(Markup.Escape(column)));
        foreach (var row in report.Rows) table.AddRow(row.Select(v => Markup.Escape(Shown(v))).ToArray());
        if (report.Rows.Count == 0) table.Caption("no plays in the range");
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }).Write(table);
    }

    /// <summary>Rates and minutes to four places on screen; CSV and JSON keep every digit.</summary>
    private static string Shown(string? value) =>
        value is null ? "-"
        : value.Contains('.') && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("0.####", CultureInfo.InvariantCulture)
        : value;

    /// <summary>RFC 4180: a header row, fields quoted when they hold a comma, quote or line break; NULL is an empty field.</summary>
    public static string Csv(ReportTable table)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', table.Columns.Select(Field))).Append("\r\n");
        foreach (var row in table.Rows) csv.Append(string.Join(',', row.Select(v => Field(v ?? "")))).Append("\r\n");
        return csv.ToString();

        static string Field(string value) =>
            value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static int Fail(TextWriter error, int code, string message)
    {
        error.WriteLine($"error: {message}");
        return code;
    }
}
