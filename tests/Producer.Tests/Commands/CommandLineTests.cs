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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
