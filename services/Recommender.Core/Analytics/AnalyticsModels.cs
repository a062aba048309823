using System.Reflection;
using System.Text.RegularExpressions;

namespace Recommender.Core.Analytics;

/// <summary>One SQL file of analytics/: a SELECT in its layer (staging, intermediate, marts), its first comment line its description.</summary>
public sealed record AnalyticsModel(string Name, string Layer, string Description, string Sql);

/// <summary>
/// The SQL reports of analytics/, layered as analytics engineers build them. A model refers to another by its file name;
/// <see cref="Compose"/> turns a mart into one statement (the models it needs as WITH clauses, in dependency order) with
/// the report's parameters written in as literals, which DuckDB and Athena both run. infra-pulumi/analyticsSql.ts does
/// the same for the Athena named queries.
/// </summary>
public sealed partial class AnalyticsModels
{
    public static readonly string[] Layers = ["staging", "intermediate", "marts"];
    private readonly Dictionary<string, AnalyticsModel> _models;

    public AnalyticsModels(IEnumerable<AnalyticsModel> models) => _models = models.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The files of analytics/ as built into this assembly.</summary>
    public static AnalyticsModels Embedded { get; } = Load();

    public IReadOnlyCollection<AnalyticsModel> All => _models.Values;

    public AnalyticsModel this[string name] => _models.TryGetValue(name, out var model)
        ? model
        : throw new KeyNotFoundException($"no analytics model named \"{name}\"");

    /// <summary>The models <paramref name="name"/> needs, each after the ones it needs, the model itself last.</summary>
    public IReadOnlyList<AnalyticsModel> DependencyOrder(string name)
    {
        var ordered = new List<AnalyticsModel>();
        Visit(this[name], ordered, []);
        return ordered;
    }

    /// <summary>One statement for the mart: WITH model AS (...), ... then the mart's SELECT, parameters filled in.</summary>
    public string Compose(string mart, ReportParameters parameters, IReadOnlySet<string>? materialized = null)
    {
        var models = DependencyOrder(mart);
        var with = models.Take(models.Count - 1).Where(m => materialized?.Contains(m.Name) != true)
            .Select(m => $"{m.Name} AS (\n{Body(m.Sql)}\n)").ToList();
        var sql = (with.Count > 0 ? "WITH " + string.Join(",\n", with) + "\n" : "") + Body(models[^1].Sql);
        return parameters.Apply(sql);
    }

    private void Visit(AnalyticsModel model, List<AnalyticsModel> ordered, HashSet<string> path)
    {
        if (ordered.Contains(model)) return;
        if (!path.Add(model.Name)) throw new InvalidOperationException($"analytics model {model.Name} refers to itself through {string.Join(" -> ", path)}");
        foreach (var dependency in References(model)) Visit(dependency, ordered, path);
        path.Remove(model.Name);
        ordered.Add(model);
    }

    private IEnumerable<AnalyticsModel> References(AnalyticsModel model)
    {
        var body = Body(model.Sql);
        return _models.Values.Where(m => m.Name != model.Name && Regex.IsMatch(body, $@"\b{Regex.Escape(m.Name)}\b")).OrderBy(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>The SQL without its comment lines.</summary>
    private static string Body(string sql) =>
        string.Join('\n', sql.ReplaceLineEndings("\n").Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    private static AnalyticsModels Load()
    {
        var assembly = typeof(AnalyticsModels).Assembly;
        var models = new List<AnalyticsModel>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("analytics/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            models.Add(Parse(resource, reader.ReadToEnd()));
        }
        return new AnalyticsModels(models);
    }

    /// <summary>A model from its path under analytics/ (layer/name.sql) and its text.</summary>
    public static AnalyticsModel Parse(string path, string sql)
    {
        var parts = path.Replace('\\', '/').Split('/');
        var description = sql.ReplaceLineEndings("\n").Split('\n').FirstOrDefault(l => l.StartsWith("--", StringComparison.Ordinal))?.TrimStart('-', ' ') ?? "";
        return new AnalyticsModel(Path.GetFileNameWithoutExtension(parts[^1]), parts.Length >= 2 ? parts[^2] : "", description, sql);
    }
}
