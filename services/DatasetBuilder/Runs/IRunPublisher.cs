using Recommender.Core.Builds;

namespace DatasetBuilder.Runs;

/// <summary>What happens to a run's validated files: the local engine or Personalize. Each step saves the run before the next, so a crash resumes where it stopped.</summary>
public interface IRunPublisher
{
    string Mode { get; }

    /// <summary>The first publishing step of a fresh run.</summary>
    string FirstStep { get; }

    /// <summary>Continues <paramref name="run"/> from its recorded step to the end; <paramref name="folder"/> holds its validated CSVs.</summary>
    Task<BuildRun> ContinueAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken);
}
