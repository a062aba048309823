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
        model.Factors.ShouldNotBeNull();
        loaded.Factors.ShouldNotBeNull();
        loaded.Factors.ItemFactors.ShouldBe(model.Factors.ItemFactors);
        (loaded.Factors.Count, loaded.Factors.Regularization, loaded.Factors.Alpha, loaded.Factors.Epsilon, loaded.Factors.Weight)
            .ShouldBe((model.Factors.Count, model.Factors.Regularization, model.Factors.Alpha, model.Factors.Epsilon, model.Factors.Weight));
    }

    [Fact]
    public void a_format_1_file_loads_as_a_graph_only_model()
    {
        var path = Path.Combine(_dir, "v1.bin");
        WriteHeader(path, 1, w =>
        {
            w.Write("Rp3Beta");
            w.Write(0L);
            w.Write(1); w.Write("track-1");           // item ids
            w.Write(1); w.Write(0);                   // artists
            w.Write(1); w.Write(0);                   // genres
            w.Write(1); w.Write(2f);                  // popularity
            WriteEmptySparse(w, rows: 1);             // neighbours
            w.Write(0);                               // user ids
            WriteEmptySparse(w, rows: 0);             // user items
        });

        var loaded = RecommenderModel.Load(path);

        loaded.ItemIds.ShouldBe(["track-1"]);
        loaded.Factors.ShouldBeNull();
    }

    [Fact]
    public void a_file_of_a_newer_format_is_refused_with_a_clear_error()
    {
        var path = Path.Combine(_dir, "v99.bin");
        WriteHeader(path, 99, _ => { });

        Should.Throw<InvalidDataException>(() => RecommenderModel.Load(path)).Message.ShouldContain("model format 99");
    }

    private static void WriteHeader(string path, int version, Action<BinaryWriter> body)
    {
        using var file = File.Create(path);
        using var zip = new System.IO.Compression.BrotliStream(file, System.IO.Compression.CompressionLevel.Fastest);
        using var w = new BinaryWriter(zip);
        w.Write("RECMODEL");
        w.Write(version);
        body(w);
    }

    private static void WriteEmptySparse(BinaryWriter w, int rows)
    {
        w.Write(rows + 1);
        for (var r = 0; r <= rows; r++) w.Write(0);
        w.Write(0);
        w.Write(0);
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
