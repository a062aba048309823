using Recommender.Engine.Serving;

namespace Recommendations.Api;

/// <summary>GET /v1/admin/engine: what the embedded engine serves and holds. The model's settings and what its self-tuning search
/// tried (validation, budget, every candidate's figures; empty when the settings were fixed) are the ones recorded in the model file;
/// the counts are of the engine's memory (restored from its journal after a restart).</summary>
public sealed record EngineStatus(
    int ModelVersion, string Algorithm, DateTimeOffset? TrainedAt, string? Settings,
    string? Validation, double? BudgetSeconds, double? SearchSeconds, IReadOnlyList<EngineCandidate> Candidates,
    long EventsTracked, int Listeners, int Tracks, long JournalPosition)
{
    public static EngineStatus Of(EmbeddedRecommender engine)
    {
        var model = engine.CurrentModel;
        var (listeners, tracks) = engine.Size;
        var search = model.Training;
        return new EngineStatus(engine.ModelVersion, model.Algorithm, engine.ModelVersion == 0 ? null : model.TrainedAt, model.Settings?.Describe(),
            search?.Validation, search?.BudgetSeconds, search?.SearchSeconds,
            search?.Candidates.Select(c => new EngineCandidate(c.Family, c.Settings, c.Ndcg10, c.Recall10)).ToList() ?? [],
            engine.EventsTracked, listeners, tracks, engine.JournalPosition);
    }
}

/// <summary>One model the serving model's search scored on its validation part.</summary>
public sealed record EngineCandidate(string Family, string Settings, double Ndcg10, double Recall10);
