using Spectre.Console;

namespace Recommender.AllInOne.Demo;

/// <summary>A live progress bar on a terminal; a plain line every 10% anywhere else.</summary>
public static class PostingProgress
{
    public static async Task<T> RunAsync<T>(IAnsiConsole console, long total, Func<Action<int>, Task<T>> work)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            return await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Posting events", maxValue: total);
                    return await work(n => task.Increment(n));
                });
        }

        long done = 0, lastDecile = 0;
        var gate = new object();
        return await work(n =>
        {
            lock (gate)
            {
                done += n;
                var decile = total == 0 ? 10 : done * 10 / total;
                if (decile == lastDecile) return;
                lastDecile = decile;
                console.WriteLine($"Posted {done:N0} of {total:N0} events ({done * 100 / Math.Max(total, 1)}%)");
            }
        });
    }
}
