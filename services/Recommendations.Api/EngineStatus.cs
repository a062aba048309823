using Recommender.Engine.Serving;

namespace Recommendations.Api;

/// <summary>GET /v1/admin/engine: what the embedded engine serves and holds. The model's settings and what its self-tuning search
/// tried are the ones recorded in the model file; the counts are of the engine's memory (restored from its journal after a restart).</summary>
public sealed record EngineStatus(
    int ModelVersion, string Algorithm, DateTimeOffset? TrainedAt, string? Settings, EngineTraining? Training,
    long EventsTracked, int Listeners, int Tracks, long JournalPosition)
{
    public static EngineStatus Of(EmbeddedRecommender engine)
    {
        var model = engine.CurrentModel;
        var (listeners, tracks) = engine.Size;
        var training = model.Training is { } t
            ? new EngineTraining(t.Chosen, t.ChosenSettings, t.Validation, t.BudgetSeconds, t.SearchSeconds,
                t.Candidates.Select(c => new EngineCandidate(c.Family, c.Settings, c.Ndcg10, c.Recall10)).ToList())
            : null;
        return new EngineStatus(engine.ModelVersion, model.Algorithm, engine.ModelVersion == 0 ? null : model.TrainedAt, model.Settings?.Describe(),
            training, engine.EventsTracked, listeners, tracks, engine.JournalPosition);
    }
}

/// <summary>The serving model's self-tuning search: the chosen family and settings, how validation was carved, every candidate's figures.</summary>
public sealed record EngineTraining(string Chosen, string ChosenSettings, string Validation, double BudgetSeconds, double SearchSeconds,
    IReadOnlyList<EngineCandidate> Candidates);

public sealed record EngineCandidate(string Family, string Settings, double Ndcg10, double Recall10);
