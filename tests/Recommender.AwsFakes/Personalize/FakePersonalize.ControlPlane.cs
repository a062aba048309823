using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Recommender.Contracts.AwsModels;

namespace Recommender.AwsFakes.Personalize;

// The control plane: import jobs, solution versions, metrics, campaigns, filters, event trackers.
public sealed partial class FakePersonalize
{
    private static readonly string[] Statuses = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"];
    private readonly Dictionary<string, ImportState> _imports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VersionState> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CampaignState> _campaigns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FilterState> _filters = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _trackers = [];
    private long _importedInteractions;
    private DateTimeOffset _lastCreated;

    private sealed class ImportState
    {
        public required JsonObject Job { get; init; }
        public string Status { get; set; } = Statuses[0];
        public int Describes { get; set; }
    }

    private sealed class VersionState
    {
        public required string Arn { get; init; }
        public required string SolutionArn { get; init; }
        public string? Name { get; init; }
        public string TrainingMode { get; init; } = "FULL";
        public required string Status { get; set; }
        public int Describes { get; set; }
        public required DateTimeOffset Created { get; init; }
        public required Dictionary<string, double> Metrics { get; init; }
    }

    private sealed class CampaignState
    {
        public required string Version { get; set; }
        public required string Status { get; set; }
        public required DateTimeOffset Created { get; init; }
        public int Describes { get; set; }
        public (string Version, int Describes)? Update { get; set; }
    }

    private sealed record FilterState(string Name, string Expression, DateTimeOffset Created);

    /// <summary>GetSolutionMetrics of a new version; set before the version is created.</summary>
    public Dictionary<string, double> NewVersionMetrics { get; set; } = Named(0.12);

    /// <summary>While true, new solution versions stay CREATE IN_PROGRESS however often they are described (training takes hours).</summary>
    public bool HoldTraining { get; set; }

    /// <summary>Called on each describe that finds a held training still in progress: a test's clock lets the hours of training pass there.</summary>
    public Action? TrainingHeld { get; set; }

    /// <summary>The version the user-personalization campaign serves.</summary>
    public string CampaignVersion { get { lock (_gate) return _campaigns[CampaignArn].Version; } }

    /// <summary>Each campaign by ARN, with the version it serves.</summary>
    public Dictionary<string, string> Campaigns { get { lock (_gate) return _campaigns.ToDictionary(c => c.Key, c => c.Value.Version); } }

    /// <summary>Each filter by ARN, with its expression.</summary>
    public Dictionary<string, string> Filters { get { lock (_gate) return _filters.ToDictionary(f => f.Key, f => f.Value.Expression); } }

    /// <summary>Each import job as created (jobName, datasetArn, dataLocation, importMode).</summary>
    public JsonObject[] ImportJobs { get { lock (_gate) return _imports.Values.Select(v => (JsonObject)v.Job.DeepClone()).ToArray(); } }

    private readonly Dictionary<string, bool> _autoTraining = Solutions.ToDictionary(s => s, _ => true, StringComparer.Ordinal);

    /// <summary>Whether Personalize trains <paramref name="solutionArn"/> on its own (a new solution does, by the API's default).</summary>
    public bool AutomaticTraining(string solutionArn) { lock (_gate) return _autoTraining[solutionArn]; }

    /// <summary>At most this many entries a List* page, whatever maxResults asks (Personalize may answer fewer).</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>The solution versions of <paramref name="solutionArn"/>, oldest first.</summary>
    public IReadOnlyList<string> VersionsOf(string solutionArn)
    {
        lock (_gate) return _versions.Values.Where(v => v.SolutionArn == solutionArn).OrderBy(v => v.Created).Select(v => v.Arn).ToList();
    }

    private async Task<JsonObject?> ControlPlaneAsync(string operation, JsonObject request)
    {
        JsonObject answer;
        lock (_gate)
        {
            answer = operation switch
            {
                "CreateDatasetImportJob" => CreateImport(request),
                "DescribeDatasetImportJob" => DescribeImport(request),
                "CreateSolutionVersion" => CreateVersion(request),
                "DescribeSolutionVersion" => DescribeVersion(request),
                "ListSolutionVersions" => ListVersions(request),
                "DescribeSolution" => DescribeSolution(request),
                "UpdateSolution" => UpdateSolution(request),
                "GetSolutionMetrics" => GetMetrics(request),
                "DescribeCampaign" => DescribeCampaign(request),
                "UpdateCampaign" => UpdateCampaign(request),
                "CreateCampaign" => CreateCampaign(request),
                "DescribeFilter" => DescribeFilter(request),
                "CreateFilter" => CreateFilter(request),
                "ListEventTrackers" => ListEventTrackers(request),
                "CreateEventTracker" => CreateEventTracker(request),
                "DescribeEventTracker" => DescribeEventTracker(request),
                _ => throw new AwsFault(400, "UnknownOperationException", $"this fake does not implement {operation}"),
            };
        }
        if (operation == "CreateDatasetImportJob" && _options.S3Url is { } s3) await CheckS3FileAsync(s3, request, answer["datasetImportJobArn"]!.GetValue<string>());
        return answer;
    }

    /// <summary>Creation times strictly increase, so "newest" is well defined however fast a test creates things.</summary>
    private DateTimeOffset NextCreated()
    {
        var now = Clock.GetUtcNow();
        _lastCreated = now > _lastCreated ? now : _lastCreated.AddMilliseconds(1);
        return _lastCreated;
    }

    private JsonObject CreateImport(JsonObject request)
    {
        var name = Required(request, "jobName");
        var dataset = Required(request, "datasetArn");
        if (dataset is not (InteractionsDatasetArn or UsersDatasetArn or ItemsDatasetArn)) throw AwsFault.NotFound($"dataset {dataset} does not exist");
        if (Required(request, "roleArn") != RoleArn) throw new AwsFault(400, "InvalidInputException", "the role cannot be assumed by Personalize to read the bucket");
        var location = request["dataSource"]?["dataLocation"]?.GetValue<string>() ?? throw new AwsFault(400, "InvalidInputException", "dataSource.dataLocation is required");
        if (!location.StartsWith("s3://", StringComparison.Ordinal)) throw new AwsFault(400, "InvalidInputException", $"dataLocation {location} is not an s3:// path");
        var arn = $"arn:aws:personalize:{Region}:{Account}:dataset-import-job/{name}";
        if (_imports.ContainsKey(arn)) throw AwsFault.AlreadyExists($"dataset import job {name} already exists");
        var mode = Optional(request, "importMode") ?? "FULL";
        _imports[arn] = new ImportState
        {
            Job = new JsonObject
            {
                ["datasetImportJobArn"] = arn, ["jobName"] = name, ["datasetArn"] = dataset, ["dataSource"] = new JsonObject { ["dataLocation"] = location },
                ["roleArn"] = RoleArn, ["importMode"] = mode, ["creationDateTime"] = AwsJsonValues.Timestamp(NextCreated()),
            },
        };
        // without an S3 peer to count rows, a job stands for enough interactions to train on
        if (_options.S3Url is null && dataset == InteractionsDatasetArn) _importedInteractions = Math.Max(_importedInteractions, 1_000);
        return new JsonObject { ["datasetImportJobArn"] = arn };
    }

    /// <summary>Personalize reads the file when the job runs: it must exist and carry the dataset's required columns.</summary>
    private async Task CheckS3FileAsync(Uri s3, JsonObject request, string arn)
    {
        var location = request["dataSource"]!["dataLocation"]!.GetValue<string>();
        using var response = await _s3.GetAsync(new Uri(s3, location["s3://".Length..]));
        string? failure = null;
        long rows = 0;
        var dataset = request["datasetArn"]!.GetValue<string>();
        if (!response.IsSuccessStatusCode) failure = $"Input CSV {location} not found ({(int)response.StatusCode})";
        else
        {
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines.Length == 0 ? [] : lines[0].Split(',');
            string[] required = dataset == InteractionsDatasetArn ? ["USER_ID", "ITEM_ID", "TIMESTAMP"] : dataset == UsersDatasetArn ? ["USER_ID"] : ["ITEM_ID"];
            if (required.FirstOrDefault(c => !header.Contains(c)) is { } missing) failure = $"the CSV has no {missing} column";
            rows = Math.Max(0, lines.Length - 1);
        }
        lock (_gate)
        {
            var job = _imports[arn];
            if (failure is not null)
            {
                job.Job["failureReason"] = failure;
                job.Status = "CREATE FAILED";
            }
            else if (dataset == InteractionsDatasetArn)
                _importedInteractions = job.Job["importMode"]!.GetValue<string>() == "FULL" ? rows : _importedInteractions + rows;
        }
    }

    private JsonObject DescribeImport(JsonObject request)
    {
        var arn = Required(request, "datasetImportJobArn");
        if (!_imports.TryGetValue(arn, out var job)) throw AwsFault.NotFound($"dataset import job {arn} does not exist");
        if (job.Status != "CREATE FAILED") job.Status = Statuses[Math.Min(++job.Describes, 2)];
        var described = (JsonObject)job.Job.DeepClone();
        described["status"] = job.Status;
        described["lastUpdatedDateTime"] = AwsJsonValues.Timestamp(Clock.GetUtcNow());
        return new JsonObject { ["datasetImportJob"] = described };
    }

    private JsonObject CreateVersion(JsonObject request)
    {
        var solution = Required(request, "solutionArn");
        if (!Solutions.Contains(solution)) throw AwsFault.NotFound($"solution {solution} does not exist");
        var name = Optional(request, "name");
        if (name is not null && _versions.Values.Any(v => v.SolutionArn == solution && v.Name == name))
            throw AwsFault.AlreadyExists($"a solution version named {name} already exists");
        if (_imports.Values.Any(i => i.Status is not ("ACTIVE" or "CREATE FAILED"))) throw AwsFault.InUse("a dataset import job is in progress");
        if (_importedInteractions < 1000) throw new AwsFault(400, "InvalidInputException", $"There are not enough interactions: {_importedInteractions} (1000 needed)");
        var arn = $"{solution}/{Guid.NewGuid():N}"[..(solution.Length + 9)];
        _versions[arn] = new VersionState
        {
            Arn = arn, SolutionArn = solution, Name = name, TrainingMode = Optional(request, "trainingMode") ?? "FULL",
            Status = Statuses[0], Created = NextCreated(), Metrics = NewVersionMetrics,
        };
        return new JsonObject { ["solutionVersionArn"] = arn };
    }

    private VersionState KnownVersion(JsonObject request)
    {
        var arn = Required(request, "solutionVersionArn");
        return _versions.TryGetValue(arn, out var v) ? v : throw AwsFault.NotFound($"solution version {arn} does not exist");
    }

    private JsonObject DescribeVersion(JsonObject request)
    {
        var v = KnownVersion(request);
        var held = HoldTraining && v.Status != "ACTIVE";
        v.Status = held ? Statuses[1] : v.Status == "CREATE FAILED" ? v.Status : Statuses[Math.Min(++v.Describes, 2)];
        if (held) TrainingHeld?.Invoke();
        var described = new JsonObject
        {
            ["solutionVersionArn"] = v.Arn, ["solutionArn"] = v.SolutionArn, ["datasetGroupArn"] = DatasetGroupArn, ["status"] = v.Status,
            ["trainingMode"] = v.TrainingMode, ["creationDateTime"] = AwsJsonValues.Timestamp(v.Created),
            ["lastUpdatedDateTime"] = AwsJsonValues.Timestamp(Clock.GetUtcNow()),
        };
        if (v.Name is not null) described["name"] = v.Name;
        return new JsonObject { ["solutionVersion"] = described };
    }

    /// <summary>
    /// A solution's versions, oldest first, a page of maxResults (default 100) at a time. A version listed has finished
    /// training (as it would have between two daily runs), unless it failed.
    /// </summary>
    private JsonObject ListVersions(JsonObject request)
    {
        var solution = Optional(request, "solutionArn");
        if (solution is not null && !Solutions.Contains(solution)) throw AwsFault.NotFound($"solution {solution} does not exist");
        var all = _versions.Values.Where(v => solution is null || v.SolutionArn == solution).OrderBy(v => v.Created).ToList();
        var (page, next) = Page(all, request);
        var list = new JsonArray();
        foreach (var v in page)
        {
            if (v.Status != "CREATE FAILED") v.Status = "ACTIVE";
            list.Add(new JsonObject
            {
                ["solutionVersionArn"] = v.Arn, ["status"] = v.Status, ["trainingMode"] = v.TrainingMode,
                ["creationDateTime"] = AwsJsonValues.Timestamp(v.Created), ["lastUpdatedDateTime"] = AwsJsonValues.Timestamp(v.Created),
            });
        }
        var answer = new JsonObject { ["solutionVersions"] = list };
        if (next is not null) answer["nextToken"] = next;
        return answer;
    }

    /// <summary>One page of <paramref name="all"/>: nextToken is the offset of the next page, maxResults its size.</summary>
    private (List<T> Page, string? Next) Page<T>(List<T> all, JsonObject request)
    {
        var size = Math.Min(request["maxResults"]?.GetValue<int>() ?? 100, MaxPageSize);
        var token = Optional(request, "nextToken");
        var from = 0;
        if (token is not null && (!token.StartsWith("page-", StringComparison.Ordinal) || !int.TryParse(token[5..], CultureInfo.InvariantCulture, out from)))
            throw new AwsFault(400, "InvalidNextTokenException", $"nextToken {token} is not one this service gave");
        var page = all.Skip(from).Take(size).ToList();
        return (page, from + size < all.Count ? $"page-{from + size}" : null);
    }

    private JsonObject DescribeSolution(JsonObject request)
    {
        var arn = Required(request, "solutionArn");
        if (!Solutions.Contains(arn)) throw AwsFault.NotFound($"solution {arn} does not exist");
        var created = AwsJsonValues.Timestamp(DateTimeOffset.UtcNow.AddDays(-2));
        return new JsonObject
        {
            ["solution"] = new JsonObject
            {
                ["name"] = arn[(arn.IndexOf('/', StringComparison.Ordinal) + 1)..], ["solutionArn"] = arn, ["datasetGroupArn"] = DatasetGroupArn,
                ["performAutoTraining"] = _autoTraining[arn], ["eventType"] = "complete", ["status"] = "ACTIVE",
                ["recipeArn"] = arn == RelatedItemsSolutionArn ? "arn:aws:personalize:::recipe/aws-sims" : "arn:aws:personalize:::recipe/aws-user-personalization-v2",
                ["creationDateTime"] = created, ["lastUpdatedDateTime"] = created.DeepClone(),
            },
        };
    }

    private JsonObject UpdateSolution(JsonObject request)
    {
        var arn = Required(request, "solutionArn");
        if (!Solutions.Contains(arn)) throw AwsFault.NotFound($"solution {arn} does not exist");
        if (request["performAutoTraining"] is { } auto) _autoTraining[arn] = auto.GetValue<bool>();
        return new JsonObject { ["solutionArn"] = arn };
    }

    private JsonObject GetMetrics(JsonObject request)
    {
        var v = KnownVersion(request);
        if (v.Status != "ACTIVE") throw AwsFault.InUse($"solution version {v.Arn} is {v.Status}, not ACTIVE");
        var metrics = new JsonObject();
        foreach (var (k, value) in v.Metrics) metrics[k] = value;
        return new JsonObject { ["solutionVersionArn"] = v.Arn, ["metrics"] = metrics };
    }

    private string ActiveVersion(JsonObject request)
    {
        var v = KnownVersion(request);
        return v.Status == "ACTIVE" ? v.Arn : throw AwsFault.InUse($"solution version {v.Arn} is {v.Status}, not ACTIVE");
    }

    private CampaignState KnownCampaign(JsonObject request)
    {
        var arn = Required(request, "campaignArn");
        return _campaigns.TryGetValue(arn, out var c) ? c : throw AwsFault.NotFound($"campaign {arn} does not exist");
    }

    /// <summary>A new campaign moves CREATE PENDING → CREATE IN_PROGRESS → ACTIVE, an update UPDATE IN_PROGRESS → ACTIVE, on each describe.</summary>
    private JsonObject DescribeCampaign(JsonObject request)
    {
        var arn = Required(request, "campaignArn");
        var c = KnownCampaign(request);
        if (c.Status != "ACTIVE") c.Status = Statuses[Math.Min(++c.Describes, 2)];
        var campaign = new JsonObject
        {
            ["name"] = arn[(arn.IndexOf('/', StringComparison.Ordinal) + 1)..], ["campaignArn"] = arn, ["status"] = c.Status, ["solutionVersionArn"] = c.Version,
            ["minProvisionedTPS"] = 1, ["creationDateTime"] = AwsJsonValues.Timestamp(c.Created), ["lastUpdatedDateTime"] = AwsJsonValues.Timestamp(Clock.GetUtcNow()),
        };
        if (c.Update is { } update)
        {
            var status = update.Describes + 1 >= 2 ? "ACTIVE" : "UPDATE IN_PROGRESS";
            if (status == "ACTIVE")
            {
                c.Version = update.Version;
                campaign["solutionVersionArn"] = update.Version;
                c.Update = null;
            }
            else c.Update = (update.Version, update.Describes + 1);
            campaign["latestCampaignUpdate"] = new JsonObject
            {
                ["solutionVersionArn"] = update.Version, ["status"] = status, ["minProvisionedTPS"] = 1,
                ["creationDateTime"] = AwsJsonValues.Timestamp(Clock.GetUtcNow()), ["lastUpdatedDateTime"] = AwsJsonValues.Timestamp(Clock.GetUtcNow()),
            };
        }
        return new JsonObject { ["campaign"] = campaign };
    }

    private JsonObject UpdateCampaign(JsonObject request)
    {
        var c = KnownCampaign(request);
        var version = ActiveVersion(request);
        if (c.Status != "ACTIVE" || c.Update is not null) throw AwsFault.InUse("the campaign is being created or updated");
        c.Update = (version, 0);
        return new JsonObject { ["campaignArn"] = Required(request, "campaignArn") };
    }

    private JsonObject CreateCampaign(JsonObject request)
    {
        var name = Required(request, "name");
        var version = ActiveVersion(request);
        var arn = $"arn:aws:personalize:{Region}:{Account}:campaign/{name}";
        if (_campaigns.ContainsKey(arn)) throw AwsFault.AlreadyExists($"campaign {name} already exists");
        _campaigns[arn] = new CampaignState { Version = version, Status = Statuses[0], Created = NextCreated() };
        return new JsonObject { ["campaignArn"] = arn };
    }

    private JsonObject DescribeFilter(JsonObject request)
    {
        var arn = Required(request, "filterArn");
        if (!_filters.TryGetValue(arn, out var filter)) throw AwsFault.NotFound($"filter {arn} does not exist");
        return new JsonObject
        {
            ["filter"] = new JsonObject
            {
                ["name"] = filter.Name, ["filterArn"] = arn, ["datasetGroupArn"] = DatasetGroupArn, ["status"] = "ACTIVE", ["filterExpression"] = filter.Expression,
                ["creationDateTime"] = AwsJsonValues.Timestamp(filter.Created), ["lastUpdatedDateTime"] = AwsJsonValues.Timestamp(filter.Created),
            },
        };
    }

    private JsonObject CreateFilter(JsonObject request)
    {
        var name = Required(request, "name");
        if (Required(request, "datasetGroupArn") != DatasetGroupArn) throw AwsFault.NotFound("dataset group does not exist");
        var expression = Required(request, "filterExpression");
        if (FilterExpression.Problem(expression) is { } problem) throw new AwsFault(400, "InvalidInputException", $"filterExpression: {problem}");
        var arn = $"arn:aws:personalize:{Region}:{Account}:filter/{name}";
        if (_filters.ContainsKey(arn)) throw AwsFault.AlreadyExists($"filter {name} already exists");
        _filters[arn] = new FilterState(name, expression, NextCreated());
        return new JsonObject { ["filterArn"] = arn };
    }

    private JsonObject ListEventTrackers(JsonObject request)
    {
        if (Optional(request, "datasetGroupArn") is { } group && group != DatasetGroupArn) throw AwsFault.NotFound("dataset group does not exist");
        var (page, next) = Page(_trackers, request);
        var answer = new JsonObject { ["eventTrackers"] = new JsonArray(page.Select(t => (JsonNode)t.DeepClone()).ToArray()) };
        if (next is not null) answer["nextToken"] = next;
        return answer;
    }

    /// <summary>A dataset group has at most one event tracker; the fake's has <see cref="TrackingId"/>.</summary>
    /// <summary>The deployed tracker (<see cref="EventTrackerArn"/>, ACTIVE since the fake started) or one created since.</summary>
    private JsonObject DescribeEventTracker(JsonObject request)
    {
        var arn = Required(request, "eventTrackerArn");
        var tracker = _trackers.FirstOrDefault(t => t["eventTrackerArn"]!.GetValue<string>() == arn)?.DeepClone().AsObject();
        if (tracker is null && arn == EventTrackerArn)
        {
            var created = AwsJsonValues.Timestamp(_started);
            tracker = new JsonObject { ["name"] = "events", ["eventTrackerArn"] = arn, ["status"] = "ACTIVE", ["creationDateTime"] = created, ["lastUpdatedDateTime"] = created.DeepClone() };
        }
        if (tracker is null) throw AwsFault.NotFound($"event tracker {arn} does not exist");
        tracker["trackingId"] = TrackingId;
        tracker["datasetGroupArn"] = DatasetGroupArn;
        return new JsonObject { ["eventTracker"] = tracker };
    }

    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddDays(-1);

    private JsonObject CreateEventTracker(JsonObject request)
    {
        var name = Required(request, "name");
        if (Required(request, "datasetGroupArn") != DatasetGroupArn) throw AwsFault.NotFound("dataset group does not exist");
        if (_trackers.Count > 0) throw AwsFault.AlreadyExists("the dataset group has an event tracker");
        var arn = $"arn:aws:personalize:{Region}:{Account}:event-tracker/{Guid.NewGuid():N}"[..70];
        var created = AwsJsonValues.Timestamp(NextCreated());
        _trackers.Add(new JsonObject { ["name"] = name, ["eventTrackerArn"] = arn, ["status"] = "ACTIVE", ["creationDateTime"] = created, ["lastUpdatedDateTime"] = created.DeepClone() });
        return new JsonObject { ["eventTrackerArn"] = arn, ["trackingId"] = TrackingId };
    }
}

/// <summary>
/// The filter expression grammar of the Personalize developer guide ("Filter expression elements"), as far as our filters
/// use it: parts joined by " | ", each "EXCLUDE|INCLUDE ItemID WHERE Dataset.FIELD IN|= (values)" with $PARAMETERS or quoted
/// values, further conditions chained with AND/OR on the same dataset.
/// </summary>
public static partial class FilterExpression
{
    // a condition: Dataset.FIELD IN ($PARAMETER or quoted values) or = $PARAMETER; conditions chain with AND/OR on the first one's dataset
    [GeneratedRegex("""^(EXCLUDE|INCLUDE) ItemID WHERE (?<dataset>Items|Interactions)\.[A-Z][A-Z0-9_]* (IN \((\$[A-Za-z0-9_]+|"[^"]*"(, ?"[^"]*")*)\)|= \$[A-Za-z0-9_]+)( (AND|OR) \k<dataset>\.[A-Z][A-Z0-9_]* (IN \((\$[A-Za-z0-9_]+|"[^"]*"(, ?"[^"]*")*)\)|= \$[A-Za-z0-9_]+))*$""")]
    private static partial Regex Part();

    [GeneratedRegex(@"\$([A-Za-z0-9_]+)")]
    private static partial Regex Parameter();

    /// <summary>Null when the expression is one Personalize accepts; else what is wrong.</summary>
    public static string? Problem(string expression)
    {
        var parts = expression.Split(" | ");
        return parts.FirstOrDefault(p => !Part().IsMatch(p.Trim())) is { } bad ? $"\"{bad}\" is not an element Personalize accepts" : null;
    }

    /// <summary>The $PARAMETERS of the INCLUDE parts (each must be given a value) and of the EXCLUDE parts (may be left out).</summary>
    public static (IReadOnlyList<string> Include, IReadOnlyList<string> Exclude) Parameters(string expression)
    {
        var parts = expression.Split(" | ").Select(p => p.Trim()).ToList();
        List<string> Of(string kind) => parts.Where(p => p.StartsWith(kind, StringComparison.Ordinal))
            .SelectMany(p => Parameter().Matches(p).Select(m => m.Groups[1].Value)).ToList();
        return (Of("INCLUDE"), Of("EXCLUDE"));
    }
}
