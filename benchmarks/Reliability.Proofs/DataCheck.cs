using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Local;
using Recommender.Adapters.Local.Streaming;
using Recommender.Core.Archive;
using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Reliability.Proofs;

/// <summary>What a stopped host left in its data folder, read through the same adapters it wrote with.</summary>
internal static class DataCheck
{
    public static readonly string[] Consumers = ["hot-path", "profile-aggregator", "archive"];

    public static ServiceProvider Adapters(string dataDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Recommender:DataDirectory"] = dataDirectory }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalAdapters(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Records the named consumers have not checkpointed, summed.</summary>
    public static async Task<long> LagAsync(EmbeddedEventLog log)
    {
        long lag = 0;
        foreach (var consumer in Consumers) lag += await log.GetLagAsync(consumer, CancellationToken.None) ?? 0;
        return lag;
    }

    public static async Task<Dictionary<(string, string), int>> StreamCountsAsync(EmbeddedEventLog log)
    {
        var counts = new Dictionary<(string, string), int>();
        var reader = $"crash-check-{Guid.NewGuid():N}";
        foreach (var shard in await log.ListShardsAsync(CancellationToken.None))
            foreach (var record in await log.ReadAsync(reader, shard, int.MaxValue, CancellationToken.None))
            {
                var e = EventJson.Deserialize(record.Data.Span);
                counts[(e.UserId, e.EventId)] = counts.GetValueOrDefault((e.UserId, e.EventId)) + 1;
            }
        return counts;
    }

    public static async Task<Dictionary<(string, string), int>> ArchiveCountsAsync(IEventArchive archive)
    {
        var counts = new Dictionary<(string, string), int>();
        await foreach (var e in archive.ReadAsync(null, CancellationToken.None))
            counts[(e.UserId, e.EventId)] = counts.GetValueOrDefault((e.UserId, e.EventId)) + 1;
        return counts;
    }

    public static async Task<Dictionary<string, long>> PlaysAsync(IProfileStore profiles, IEnumerable<string> users)
    {
        var plays = new Dictionary<string, long>();
        foreach (var user in users) plays[user] = (await profiles.GetAsync(user, CancellationToken.None))?.Plays ?? 0;
        return plays;
    }

    /// <summary>PRAGMA integrity_check of every SQLite file under the folder: "ok" or what it found.</summary>
    public static Dictionary<string, string> IntegrityChecks(string dataDirectory)
    {
        var results = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*.db", SearchOption.AllDirectories).Order())
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var lines = new List<string>();
            using (var reader = check.ExecuteReader()) while (reader.Read()) lines.Add(reader.GetString(0));
            results[Path.GetRelativePath(dataDirectory, file)] = string.Join("; ", lines);
        }
        return results;
    }
}
