using System.IO.Compression;
using System.Text.Json;
using Recommender.Engine.Training;

namespace Recommender.Engine.Model;

/// <summary>The on-disk model format: a magic, a format version, then the arrays; written to a temp file and renamed so a reader never sees half a model.</summary>
internal static class ModelFile
{
    private const string Magic = "RECMODEL";
    /// <summary>2 adds the implicit-ALS factors, 3 the settings and the search's record; older files still load.</summary>
    public const int FormatVersion = 3;

    public static void Write(RecommenderModel model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var file = File.Create(temp))
        using (var zip = new BrotliStream(file, CompressionLevel.Fastest))
        using (var w = new BinaryWriter(zip))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(model.Algorithm);
            w.Write(model.TrainedAt.ToUnixTimeMilliseconds());
            WriteStrings(w, model.ItemIds);
            WriteJagged(w, model.ItemArtists);
            WriteJagged(w, model.ItemGenres);
            WriteFloats(w, model.ItemPopularity);
            WriteSparse(w, model.Neighbors);
            WriteStrings(w, model.UserIds);
            WriteSparse(w, model.UserItems);
            WriteFactors(w, model.Factors);
            WriteJson(w, model.Settings is null ? null : JsonSerializer.Serialize(model.Settings, TrainingJson.Default.TrainingOptions));
            WriteJson(w, model.Training?.ToJson());
        }
        File.Move(temp, path, overwrite: true);
    }

    public static RecommenderModel Read(string path)
    {
        using var file = File.OpenRead(path);
        using var zip = new BrotliStream(file, CompressionMode.Decompress);
        using var r = new BinaryReader(zip);
        string magic;
        try { magic = r.ReadString(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        { throw new InvalidDataException($"{path} is not a recommender model file", e); }
        if (magic != Magic) throw new InvalidDataException($"{path} is not a recommender model file");
        var version = r.ReadInt32();
        if (version is < 1 or > FormatVersion) throw new InvalidDataException($"{path} has model format {version}; this engine reads 1 to {FormatVersion}");
        return new RecommenderModel
        {
            Algorithm = r.ReadString(),
            TrainedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()),
            ItemIds = ReadStrings(r),
            ItemArtists = ReadJagged(r),
            ItemGenres = ReadJagged(r),
            ItemPopularity = ReadFloats(r),
            Neighbors = ReadSparse(r),
            UserIds = ReadStrings(r),
            UserItems = ReadSparse(r),
            Factors = version >= 2 ? ReadFactors(r) : null,
            Settings = version >= 3 && ReadJson(r) is { } settings ? JsonSerializer.Deserialize(settings, TrainingJson.Default.TrainingOptions) : null,
            Training = version >= 3 && ReadJson(r) is { } record ? TrainingRecord.FromJson(record) : null,
        };
    }

    private static void WriteFactors(BinaryWriter w, FactorModel? f)
    {
        w.Write(f is not null);
        if (f is null) return;
        w.Write(f.Count);
        w.Write(f.Regularization);
        w.Write(f.Alpha);
        w.Write(f.Epsilon);
        w.Write(f.Weight);
        WriteFloats(w, f.ItemFactors);
    }

    private static FactorModel? ReadFactors(BinaryReader r) => !r.ReadBoolean() ? null : new FactorModel
    {
        Count = r.ReadInt32(), Regularization = r.ReadSingle(), Alpha = r.ReadSingle(), Epsilon = r.ReadSingle(), Weight = r.ReadSingle(),
        ItemFactors = ReadFloats(r),
    };

    private static void WriteJson(BinaryWriter w, string? json)
    {
        w.Write(json is not null);
        if (json is not null) w.Write(json);
    }

    private static string? ReadJson(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteStrings(BinaryWriter w, string[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    private static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[r.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadString();
        return values;
    }

    private static void WriteJagged(BinaryWriter w, string[][] values)
    {
        w.Write(values.Length);
        foreach (var v in values) WriteStrings(w, v);
    }

    private static string[][] ReadJagged(BinaryReader r)
    {
        var values = new string[r.ReadInt32()][];
        for (var i = 0; i < values.Length; i++) values[i] = ReadStrings(r);
        return values;
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadFloats(BinaryReader r)
    {
        var values = new float[r.ReadInt32()];
        r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write(values.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static int[] ReadInts(BinaryReader r)
    {
        var values = new int[r.ReadInt32()];
        r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void WriteSparse(BinaryWriter w, SparseRows m)
    {
        WriteInts(w, m.Offsets);
        WriteInts(w, m.Indices);
        WriteFloats(w, m.Values);
    }

    private static SparseRows ReadSparse(BinaryReader r) => new(ReadInts(r), ReadInts(r), ReadFloats(r));
}
