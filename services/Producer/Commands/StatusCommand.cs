using System.CommandLine;
using Producer.Delivery;
using Producer.Outbox;
using Producer.Spotify;
using Spectre.Console;

namespace Producer.Commands;

internal static class StatusCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("status", "The logged-in Spotify user, the outbox depth, the last post result and rejected events");
        command.SetAction((parse, _) => CommandRunner.Run(() =>
        {
            var settings = global.Settings(parse);
            using var outbox = new EventOutbox(settings.OutboxPath);
            var user = outbox.GetState(SpotifyState.UserKey);
            var table = new Table().HideHeaders().AddColumns("", "");
            table.AddRow("home", Markup.Escape(Path.GetFullPath(settings.Home)));
            table.AddRow("ingestion API", Markup.Escape(settings.IngestionUrl.ToString()));
            table.AddRow("Spotify user", user is null ? "[grey]not logged in (recommender-producer login)[/]" : Markup.Escape(user));
            table.AddRow("outbox depth", $"{outbox.Depth:N0} events waiting");
            table.AddRow("last post", Markup.Escape(outbox.GetState(OutboxSender.LastPostStateKey) ?? "none yet"));
            table.AddRow("rejected", $"{outbox.RejectedCount:N0} events");
            AnsiConsole.Write(table);
            foreach (var r in outbox.Rejected(10))
                AnsiConsole.MarkupLine($"  [yellow]rejected[/] {Markup.Escape(r.EventId)} at {r.RejectedAt:u}: {Markup.Escape(r.Error)}");
            return 0;
        }));
        return command;
    }
}
