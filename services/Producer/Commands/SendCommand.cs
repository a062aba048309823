using System.CommandLine;
using Producer.Delivery;
using Producer.Outbox;

namespace Producer.Commands;

internal static class SendCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("send", "Posts whatever waits in the outbox, then exits (run does this continuously)");
        command.SetAction((parse, cancellationToken) => CommandRunner.Run(async () =>
        {
            var settings = global.Settings(parse);
            using var outbox = new EventOutbox(settings.OutboxPath);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var sender = new OutboxSender(outbox, new IngestionClient(http, settings.IngestionUrl, settings.ApiKey));
            await sender.RunAsync(cancellationToken, untilEmpty: true);
            Console.WriteLine($"delivered {sender.Delivered:N0} ({sender.Duplicates:N0} duplicates), rejected {sender.RejectedEvents:N0}, waiting {outbox.Depth:N0}");
            return 0;
        }));
        return command;
    }
}
