using System.Diagnostics;
using Recommender.Contracts;

namespace StreamConsumers.Tests.Hosting;

/// <summary>The deployable itself (its Main, as Lambda or a person starts it) refuses bad settings in one line.</summary>
public sealed class StartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("consumers-start-").FullName;

    [Fact]
    public async Task a_bad_setting_ends_the_start_with_one_line_naming_it_and_exit_code_2()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StreamConsumers.dll"));
        foreach (var a in new[] { "--urls=http://127.0.0.1:0", $"--Recommender:DataDirectory={_directory}", "--Consumers:BatchSize=0" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Eventually.Deadline);

        process.ExitCode.ShouldBe(2, await stdout);
        (await stderr).Trim().ShouldBe("error: Consumers:BatchSize must be 1 to 10000; got 0");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
