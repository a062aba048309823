using Recommender.Engine.Model;

namespace Recommender.Engine.Tests;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-model-").FullName;

    [Fact]
    public async Task a_saved_model_loads_back_identical()
    {
        using var engine = await Trained.EngineAsync();
        var model = Trained.Model(engine);
        var path = Path.Combine(_dir, "m.bin");

        model.Save(path);
        var loaded = RecommenderModel.Load(path);

        loaded.Algorithm.ShouldBe(model.Algorithm);
        loaded.TrainedAt.ToUnixTimeMilliseconds().ShouldBe(model.TrainedAt.ToUnixTimeMilliseconds());
        loaded.ItemIds.ShouldBe(model.ItemIds);
        loaded.UserIds.ShouldBe(model.UserIds);
        loaded.ItemGenres.SelectMany(g => g).ShouldBe(model.ItemGenres.SelectMany(g => g));
        loaded.ItemArtists.SelectMany(g => g).ShouldBe(model.ItemArtists.SelectMany(g => g));
        loaded.ItemPopularity.ShouldBe(model.ItemPopularity);
        loaded.Neighbors.Offsets.ShouldBe(model.Neighbors.Offsets);
        loaded.Neighbors.Indices.ShouldBe(model.Neighbors.Indices);
        loaded.Neighbors.Values.ShouldBe(model.Neighbors.Values);
        loaded.UserItems.Values.ShouldBe(model.UserItems.Values);
        model.Neighbors.NonZeros.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void a_file_that_is_not_a_model_is_refused_with_a_clear_error()
    {
        var path = Path.Combine(_dir, "junk.bin");
        File.WriteAllText(path, "USER_ID,ITEM_ID,TIMESTAMP\n");

        Should.Throw<InvalidDataException>(() => RecommenderModel.Load(path)).Message.ShouldContain("not a recommender model");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
