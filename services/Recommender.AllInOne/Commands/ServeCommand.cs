using System.CommandLine;

namespace Recommender.AllInOne.Commands;

/// <summary><c>serve</c>: run the platform until Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run both APIs, the consumers and the engine until Ctrl+C") { TreatUnmatchedTokensAsErrors = false };
        Configure(command);
        return command;
    }

    /// <summary>With no verb the root serves too, so the host also runs under WebApplicationFactory and plain <c>dotnet run</c>.</summary>
    public static void MakeDefault(RootCommand root)
    {
        root.TreatUnmatchedTokensAsErrors = false;
        Configure(root);
    }

    private static void Configure(Command command)
    {
        var options = new HostCommandOptions();
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = AllInOneHost.Build(options.Read(result), HostCommandOptions.ConfigurationArgs(result));
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
    }
}
