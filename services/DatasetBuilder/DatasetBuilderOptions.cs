using DatasetBuilder.Validation;
using Recommender.Core.Configuration;

namespace DatasetBuilder;

/// <summary>Settings of the daily dataset builder (section "DatasetBuilder"); the data folder is Recommender:DataDirectory.</summary>
public sealed class DatasetBuilderOptions : IValidatedOptions
{
    public const string Section = "DatasetBuilder";

    /// <summary>Where the archive, profiles and models live; the builder keeps builds/ and datasets/ under it.</summary>
    public string DataDirectory { get; set; } = DataFolder.Default;

    /// <summary>The daily timer of the all-in-one host: off unless enabled.</summary>
    public bool ScheduleEnabled { get; set; }

    /// <summary>UTC time of day the daily build starts.</summary>
    public TimeSpan ScheduleTimeOfDay { get; set; } = new(3, 0, 0);

    /// <summary>A new model is kept unless its <see cref="GateMetric"/> is lower than the serving model's by more than this fraction of it
    /// (the rule is the engine's ModelGate; the background retrainer's own defaults are the same, Recommender:Engine:Gate).</summary>
    public double Tolerance { get; set; } = 0.05;

    /// <summary>The Personalize-protocol metric the keep-or-discard rule compares.</summary>
    public string GateMetric { get; set; } = "ndcg@10";

    /// <summary>Seed of the evaluation split, so a rerun evaluates the same way.</summary>
    public int EvaluationSeed { get; set; } = 42;

    /// <summary>How long one process holds a run before another may take it over (a crashed builder's run is resumed after this).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    public PersonalizeLimits Limits { get; set; } = new();

    public AwsBuildOptions Aws { get; set; } = new();

    public string BuildsDirectory => Path.Combine(DataDirectory, "builds");

    /// <summary>Whether runs publish to Personalize (Recommender:Mode=Aws), which needs <see cref="Aws"/>; set from the mode, not bound.</summary>
    public bool PublishesToAws { get; internal set; }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) yield return $"{DataFolder.Key} must name a folder";
        if (Tolerance is < 0 or >= 1 || double.IsNaN(Tolerance)) yield return $"DatasetBuilder:Tolerance must be at least 0 and below 1; got {Tolerance}";
        if (ScheduleTimeOfDay < TimeSpan.Zero || ScheduleTimeOfDay >= TimeSpan.FromDays(1)) yield return "DatasetBuilder:ScheduleTimeOfDay must be a time of day (00:00 to 23:59)";
        if (Lease <= TimeSpan.Zero) yield return "DatasetBuilder:Lease must be positive";
        if (PublishesToAws) foreach (var p in Aws.Problems()) yield return p;
    }
}

/// <summary>The Personalize resources of the AWS flow (section "DatasetBuilder:Aws"); the dataset group and role are Aws:Personalize's.</summary>
public sealed class AwsBuildOptions
{
    public string? InteractionsDatasetArn { get; set; }
    public string? UsersDatasetArn { get; set; }
    public string? ItemsDatasetArn { get; set; }
    public string? SolutionArn { get; set; }
    /// <summary>The campaign moved to the new solution version; defaults to Aws:Personalize:CampaignArn.</summary>
    public string? CampaignArn { get; set; }
    /// <summary>The SIMS solution and campaign of related items; the builder creates the campaign when it is absent (optional).</summary>
    public string? RelatedItemsSolutionArn { get; set; }
    public string? RelatedItemsCampaignArn { get; set; }
    /// <summary>The exclusion filter the recommendations apply; the builder creates it when it is absent (optional).</summary>
    public string? FilterArn { get; set; }
    /// <summary>
    /// The DynamoDB table of the run ledger (hash key "run_id", S): where each run's state is kept between Lambda
    /// invocations, so a run resumes after a cold start. Required in aws mode; the AWS adapters build the ledger on it.
    /// </summary>
    public string? RunsTableName { get; set; }
    /// <summary>
    /// FULL replaces the datasets (every run reads the whole archive its staging file lacks: on Lambda, a new container's
    /// empty /tmp, so nearly every run); INCREMENTAL adds what came after the last published run's watermark (kept in the
    /// run ledger), so a run reads about a day of archive whatever the archive's age. The first run imports FULL either way.
    /// </summary>
    public string ImportMode { get; set; } = "FULL";
    public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Longest wait for one import, training or campaign update before the run fails (it can be resumed).</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromHours(12);

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(InteractionsDatasetArn)) yield return "DatasetBuilder:Aws:InteractionsDatasetArn is required in aws mode: the INTERACTIONS dataset imports go to";
        if (string.IsNullOrWhiteSpace(SolutionArn)) yield return "DatasetBuilder:Aws:SolutionArn is required in aws mode: the solution new versions are trained in";
        if (string.IsNullOrWhiteSpace(CampaignArn)) yield return "DatasetBuilder:Aws:CampaignArn (or Aws:Personalize:CampaignArn) is required in aws mode: the campaign moved to a better version";
        if (string.IsNullOrWhiteSpace(RunsTableName)) yield return "DatasetBuilder:Aws:RunsTableName is required in aws mode: the DynamoDB table (hash key run_id) that keeps each run's state between invocations";
        if (ImportMode is not ("FULL" or "INCREMENTAL")) yield return $"DatasetBuilder:Aws:ImportMode must be FULL or INCREMENTAL; got \"{ImportMode}\"";
        if (PollInitialDelay <= TimeSpan.Zero || PollMaxDelay < PollInitialDelay) yield return "DatasetBuilder:Aws:PollInitialDelay must be positive and at most PollMaxDelay";
        if (WaitTimeout <= TimeSpan.Zero) yield return "DatasetBuilder:Aws:WaitTimeout must be positive";
    }
}
