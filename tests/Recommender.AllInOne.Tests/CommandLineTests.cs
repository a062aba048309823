using System.CommandLine;
using System.Diagnostics;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// Every verb of the all-in-one host refuses what it does not understand with one line naming it and exit code 2, and a
/// start stopped by a bad setting is one line too, never a stack trace.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("all-in-one-cli-").FullName;

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AllInOneCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Every verb, subcommands included ("dead-letters list"), and the root itself (it serves).</summary>
    public static TheoryData<string> Verbs()
    {
        var verbs = new TheoryData<string> { "" };
        void Walk(Command command, string path)
        {
            foreach (var sub in command.Subcommands)
            {
                var name = path.Length == 0 ? sub.Name : $"{path} {sub.Name}";
                if (sub.Subcommands.Count == 0) verbs.Add(name);
                else Walk(sub, name);
            }
        }
        Walk(AllInOneCommandLine.Create(), "");
        return verbs;
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task every_verb_refuses_an_unknown_option_in_one_line_naming_it(string verb)
    {
        string[] args = [.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--no-such-option", "1"];

        var (exit, output, error) = await RunAsync(args);

        exit.ShouldBe(2, $"{verb}: {error}{output}");
        error.Trim().ShouldStartWith("error: ");
        error.Trim().ShouldContain("--no-such-option");
        error.Trim().ShouldNotContain('\n');
    }

    [Theory]
    [InlineData("--port", "serve", "--port", "abc")]
    [InlineData("--port", "serve", "--port", "70000")]
    [InlineData("--users", "demo", "--users", "0")]
    [InlineData("--algorithm", "train", "--interactions", "a.csv", "--model-out", "m.bin", "--algorithm", "Foo")]
    [InlineData("--model", "batch-recommend", "--users", "u.txt", "--out", "o.jsonl")]
    [InlineData("--num-results", "batch-recommend", "--model", "m", "--users", "u", "--out", "o", "--num-results", "0")]
    [InlineData("--seed", "evaluate", "--dataset", "lastfm-hetrec-2k", "--path", "x", "--seed", "abc")]
    [InlineData("--protocol", "evaluate", "--dataset", "lastfm-hetrec-2k", "--path", "x", "--protocol", "leave-one-out")]
    [InlineData("--since", "build-datasets", "--since", "yesterday")]
    [InlineData("--run-id", "build-datasets", "--run-id", "no spaces")]
    [InlineData("--format", "catalog", "import", "tracks.csv", "--format", "xml")]
    [InlineData("--limit", "dead-letters", "list", "--limit", "0")]
    [InlineData("--consumer", "dead-letters", "redrive", "--consumer", "nobody")]
    public async Task a_bad_value_is_refused_in_one_line_naming_its_option(string option, params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        exit.ShouldBe(2, $"{error}{output}");
        error.Trim().ShouldStartWith("error: ");
        error.ShouldContain(option);
        error.Trim().ShouldNotContain('\n');
    }

    [Theory]
    [InlineData("build-datasets")]
    [InlineData("dead-letters", "list")]
    [InlineData("dead-letters", "redrive", "--wait", "0")]
    [InlineData("keys", "list")]
    [InlineData("keys", "export")]
    [InlineData("keys", "revoke", "k-1")]
    public async Task a_verb_that_reads_a_data_folder_refuses_one_that_is_not_there(params string[] args)
    {
        var missing = Path.Combine(_folder, "never-created");

        var (exit, _, error) = await RunAsync([.. args, "--data-dir", missing]);

        exit.ShouldBe(2);
        error.Trim().ShouldBe($"error: --data-dir: no data folder at {missing} (serve or demo create one)");
        Directory.Exists(missing).ShouldBeFalse("nothing was created in its place");
    }

    [Theory]
    [InlineData("--Consumers:BatchSize=0", "Consumers:BatchSize must be 1 to 10000; got 0")]
    [InlineData("--Consumers:BatchSize=many", "Consumers:BatchSize")]
    [InlineData("--Recommender:Mode=Cloudy", "Recommender:Mode is \"Cloudy\"; it must be Local or Aws.")]
    public async Task a_bad_setting_stops_the_host_process_with_one_line_and_no_stack_trace(string setting, string message)
    {
        // the real process: what a person sees in the terminal, the host's own logging included
        var host = Path.Combine(AppContext.BaseDirectory, "Recommender.AllInOne.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", host, "serve", "--port", "0", "--data-dir", Path.Combine(_folder, "data"), setting }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Recommender.Contracts.Eventually.Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the host did not stop on {setting}");
        }

        process.ExitCode.ShouldBe(2, await error + await output);
        (await output).Trim().ShouldBeEmpty();
        var line = (await error).Trim();
        line.ShouldStartWith("error: ");
        line.ShouldContain(message);
        line.ShouldNotContain('\n');
    }

    [Theory]
    [InlineData(true, "--Ingestion:ApiKeys:0=my-key")]
    [InlineData(true, "--Recommender:Mode=Aws")]
    [InlineData(true, "--environment=Development")]
    [InlineData(true, "--Recommender=", "--Recommender:DataDirectory=/tmp/x")]
    [InlineData(false, "--dtaa-dir=x")]
    [InlineData(false, "--Recommender=")]
    [InlineData(false, "--Recommender:=x")]
    [InlineData(false, "Recommender:Mode=Aws")]
    [InlineData(false, "--port")]
    public void the_hosting_verbs_take_extra_tokens_only_as_section_settings(bool allowed, params string[] tokens) =>
        Commands.HostCommandOptions.NotSettings(tokens).Any().ShouldBe(!allowed);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
