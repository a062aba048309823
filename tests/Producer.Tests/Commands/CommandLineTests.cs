using Producer.Commands;

namespace Producer.Tests.Commands;

[Collection("console")]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("producer-cli-").FullName;
    private readonly TextWriter _stderr = Console.Error;

    private async Task<(int Exit, string Error)> Run(params string[] args)
    {
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var exit = await ProducerCommandLine.Build().Parse([.. args, "--home", _home]).InvokeAsync();
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(_stderr);
        }
    }

    [Theory]
    [InlineData("simulate", "--events", "0")]
    [InlineData("simulate", "--rate", "-5")]
    [InlineData("replay", "--dataset", "movielens")]
    [InlineData("replay", "--path", "/nonexistent/folder")]
    [InlineData("simulate", "--ingestion-url", "ftp://example")]
    public async Task bad_input_gives_a_one_line_error_and_a_non_zero_exit(params string[] args)
    {
        var (exit, error) = await Run(args);
        exit.ShouldNotBe(0);
        error.Trim().ShouldStartWith("error: ");
        error.Trim().ShouldNotContain("\n");
        error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task run_without_a_login_says_to_log_in()
    {
        Environment.SetEnvironmentVariable("SPOTIFY_CLIENT_ID", "some-client");
        try
        {
            var (exit, error) = await Run("run");
            exit.ShouldBe(1);
            error.ShouldContain("recommender-producer login");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPOTIFY_CLIENT_ID", null);
        }
    }

    [Fact]
    public async Task send_with_a_refused_api_key_stops_with_one_line_instead_of_retrying_forever()
    {
        await using var api = new Outbox.RealIngestionApi(Path.Combine(_home, "ingestion"), apiKey: Recommender.Contracts.TestApiKeys.New());
        api.StartServer();
        await File.WriteAllTextAsync(Path.Combine(_home, "producer.json"),
            $$"""{"RECOMMENDER_INGESTION_URL": "{{api.BaseAddress}}", "RECOMMENDER_API_KEY": "a-wrong-key"}""");
        using (var outbox = new Producer.Outbox.EventOutbox(Path.Combine(_home, "outbox.db")))
            outbox.Enqueue([Recommender.Contracts.TestEvents.Listen("refused-listener", "t1", minute: 1), Recommender.Contracts.TestEvents.Listen("refused-listener", "t2", minute: 2)]);

        var (exit, error) = await Run("send").WaitAsync(Recommender.Contracts.Eventually.Deadline);
        exit.ShouldBe(1);
        error.Trim().ShouldStartWith("error: the ingestion API refused the request (401");
        error.Trim().ShouldNotContain("\n");
        error.ShouldNotContain("a-wrong-key");
    }

    [Fact]
    public async Task output_that_is_not_a_terminal_carries_no_colour_codes()
    {
        var producer = typeof(ProducerCommandLine).Assembly.Location;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { producer, "status", "--home", _home }) start.ArgumentList.Add(arg);
        start.Environment["TERM"] = "xterm-256color"; // a terminal type that supports colour, but the output is a pipe
        start.Environment.Remove("NO_COLOR");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Recommender.Contracts.Eventually.Deadline);

        process.ExitCode.ShouldBe(0, await errors);
        (await output).ShouldContain("outbox");
        (await output).ShouldNotContain("\u001b[");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
