namespace Recommender.Core.Builds;

/// <summary>One build run as recorded in the ledger: enough to show it, and to resume it at <see cref="Step"/> after a crash.</summary>
public sealed record BuildRun
{
    public required string RunId { get; init; }
    /// <summary>"manual" (the command) or "schedule" (the daily timer).</summary>
    public required string Trigger { get; init; }
    /// <summary><see cref="BuildModes.Local"/> or <see cref="BuildModes.Aws"/>: where the run publishes.</summary>
    public required string Mode { get; init; }
    /// <summary>The first archive hour read; null for the whole archive.</summary>
    public DateTimeOffset? SinceHour { get; init; }
    /// <summary>The archive hour the next "since last" build starts from: the hour this run began reading.</summary>
    public required DateTimeOffset Watermark { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string Status { get; init; } = RunStatus.Running;
    public string Step { get; init; } = RunSteps.Read;
    public Dictionary<string, long> Counts { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The serving model's metrics this run was compared with; empty when nothing was serving.</summary>
    public Dictionary<string, double> Baseline { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Whether the new model (or solution version) now serves; null until decided.</summary>
    public bool? Kept { get; init; }
    public int? ModelVersion { get; init; }
    public string? Report { get; init; }
    public AwsRunState Aws { get; init; } = new();

    public bool IsFinished => Status != RunStatus.Running;
}

public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    /// <summary>The datasets did not meet Personalize's requirements; nothing was published.</summary>
    public const string Invalid = "invalid";
    public const string Failed = "failed";
}

/// <summary>The steps in order; a run resumes at the one recorded.</summary>
public static class RunSteps
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Publish = "publish";
    public const string Evaluate = "evaluate";
    public const string Train = "train";
    public const string Import = "import";
    public const string WaitImport = "wait-import";
    public const string CreateSolutionVersion = "create-solution-version";
    public const string WaitTraining = "wait-training";
    public const string Metrics = "metrics";
    public const string UpdateCampaign = "update-campaign";
    public const string Done = "done";
}

/// <summary>What the AWS flow has created so far, so a resumed run checks on it instead of creating it twice.</summary>
public sealed record AwsRunState
{
    public string? ImportMode { get; init; }
    /// <summary>
    /// The run read only the archive after the ledger's watermark into an empty staging file (a new Lambda container): its
    /// USERS and ITEMS files hold only what that read saw, so they are imported INCREMENTAL (upserts by id) as well.
    /// </summary>
    public bool PartialCatalogs { get; init; }
    public Dictionary<string, string> Uploaded { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> ImportJobs { get; init; } = new(StringComparer.Ordinal);
    public string? SolutionVersionArn { get; init; }
    /// <summary>The related-items (SIMS) version trained by the same run: it serves only if the run's model is kept.</summary>
    public string? RelatedItemsSolutionVersionArn { get; init; }
    public string? PreviousSolutionVersionArn { get; init; }
}

/// <summary>Where a run publishes, as the ledger records it.</summary>
public static class BuildModes
{
    /// <summary>Files under the data folder and the embedded engine.</summary>
    public const string Local = "local";
    /// <summary>S3 and Personalize.</summary>
    public const string Aws = "aws";
}
