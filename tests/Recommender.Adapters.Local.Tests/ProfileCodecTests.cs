using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local.Profiles;
using Recommender.Contracts;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The profile row's binary format: everything a profile holds comes back, and rows of the JSON layout still read.</summary>
public sealed class ProfileCodecTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static UserProfile Busy()
    {
        var profile = new UserProfile { UserId = "ünïcode-listener" };
        for (var i = 0; i < 70; i++)
        {
            var e = TestEvents.Listen(profile.UserId, $"t{i % 23}", type: i % 3 == 0 ? "skip" : "complete", minute: i * 7,
                genre: $"genre {i % 4}", artist: $"Artist {i % 9}", eventId: $"e{i}");
            ProfileAggregator.Apply(profile, e with { OccurredAt = e.OccurredAt.ToOffset(TimeSpan.FromHours(i % 2 == 0 ? 0 : 2)) });
        }
        return profile;
    }

    [Fact]
    public void a_profile_reads_back_field_for_field()
    {
        var profile = Busy();

        var read = ProfileCodec.Read(ProfileCodec.Write(profile));

        ProfileJson.Serialize(read).ShouldBe(ProfileJson.Serialize(profile));
        read.RecentTracks.Count.ShouldBe(UserProfile.RecentTrackLimit);
        read.RecentTracks.Select(r => r.OccurredAt.Offset).Distinct().Count().ShouldBe(2, "the offset each time was given with is kept");
    }

    [Fact]
    public async Task a_profile_stored_as_json_by_an_earlier_version_reads_and_keeps_counting()
    {
        var path = _directory.File("json.db");
        var store = new SqliteProfileStore(path);
        var profile = Busy();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO profiles (user_id, profile) VALUES ($user, $json)";
            insert.Parameters.AddWithValue("$user", profile.UserId);
            insert.Parameters.AddWithValue("$json", ProfileJson.Serialize(profile));
            insert.ExecuteNonQuery();
        }

        ProfileJson.Serialize((await store.GetAsync(profile.UserId, CancellationToken.None))!).ShouldBe(ProfileJson.Serialize(profile));
        await store.ApplyAsync([TestEvents.Listen(profile.UserId, "t-new", eventId: "e-new")], CancellationToken.None);

        var after = (await store.GetAsync(profile.UserId, CancellationToken.None))!;
        after.Plays.ShouldBe(profile.Plays + 1);
        after.RecentTracks.Count.ShouldBe(UserProfile.RecentTrackLimit);
    }

    public void Dispose() => _directory.Dispose();
}
