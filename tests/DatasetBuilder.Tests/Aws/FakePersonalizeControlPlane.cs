using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DatasetBuilder.Tests.Aws;

/// <summary>
/// Amazon Personalize's control plane on loopback, checking what it checks: a SigV4 Authorization header scoped to
/// service "personalize" and the region with the X-Amz-Date day, the JSON 1.1 content type and X-Amz-Target, required
/// members, name patterns, enum values, known ARNs, that the S3 file an import job names exists (asked of the S3 peer)
/// and has the required columns, that training has at least 1,000 imported interactions, and that a campaign is not
/// updated while an update is under way. Jobs, versions and updates move PENDING → IN_PROGRESS → ACTIVE on each describe.
/// </summary>
public sealed partial class FakePersonalizeControlPlane : IAsyncDisposable
{
    public const string Region = "us-east-1";
    private const string Account = "111111111111";
    public const string DatasetGroupArn = $"arn:aws:personalize:{Region}:{Account}:dataset-group/music";
    public const string InteractionsDatasetArn = $"arn:aws:personalize:{Region}:{Account}:dataset/music/INTERACTIONS";
    public const string UsersDatasetArn = $"arn:aws:personalize:{Region}:{Account}:dataset/music/USERS";
    public const string ItemsDatasetArn = $"arn:aws:personalize:{Region}:{Account}:dataset/music/ITEMS";
    public const string SolutionArn = $"arn:aws:personalize:{Region}:{Account}:solution/user-personalization";
    public const string CampaignArn = $"arn:aws:personalize:{Region}:{Account}:campaign/recommendations";
    public const string RelatedItemsSolutionArn = $"arn:aws:personalize:{Region}:{Account}:solution/related-items";
    public const string RelatedItemsCampaignArn = $"arn:aws:personalize:{Region}:{Account}:campaign/related-items";
    public const string FilterArn = $"arn:aws:personalize:{Region}:{Account}:filter/exclusions";
    public const string RoleArn = $"arn:aws:iam::{Account}:role/personalize-s3";
    public const string InitialVersionArn = SolutionArn + "/initial0";

    private static readonly string[] Statuses = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"];
    private readonly WebApplication _app;
    private readonly HttpClient _s3 = new();
    private readonly Uri _s3Url;
    private readonly object _gate = new();
    private readonly Dictionary<string, (JsonObject Job, int Describes, string Status)> _imports = new();
    private readonly Dictionary<string, (int Describes, string Status)> _versions = new() { [InitialVersionArn] = (0, "ACTIVE") };
    private readonly Dictionary<string, CampaignState> _campaigns = new();
    private readonly Dictionary<string, string> _filters = new();
    private long _importedInteractions;

    private FakePersonalizeControlPlane(WebApplication app, Uri s3Url, bool campaignExists)
    {
        _app = app;
        _s3Url = s3Url;
        if (campaignExists) _campaigns[CampaignArn] = new CampaignState { Version = InitialVersionArn, Status = "ACTIVE" };
    }

    private sealed class CampaignState
    {
        public required string Version { get; set; }
        public required string Status { get; set; }
        public int Describes { get; set; }
        public (string Version, int Describes)? Update { get; set; }
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every accepted call by operation name.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>GetSolutionMetrics answers per solution version; a new version gets <see cref="NewVersionMetrics"/>.</summary>
    public Dictionary<string, Dictionary<string, double>> Metrics { get; } = new()
    {
        [InitialVersionArn] = Named(0.10),
    };

    public Dictionary<string, double> NewVersionMetrics { get; set; } = Named(0.12);

    /// <summary>While true, new solution versions stay CREATE IN_PROGRESS however often they are described (training takes hours).</summary>
    public bool HoldTraining { get; set; }

    /// <summary>Called on each describe that finds a held training still in progress: a test's clock lets the hours of training pass there.</summary>
    public Action? TrainingHeld { get; set; }

    public string CampaignVersion { get { lock (_gate) return _campaigns[CampaignArn].Version; } }

    /// <summary>Each campaign created or updated, by ARN, with the version it serves.</summary>
    public Dictionary<string, string> Campaigns { get { lock (_gate) return _campaigns.ToDictionary(c => c.Key, c => c.Value.Version); } }

    /// <summary>Each filter by ARN, with its expression.</summary>
    public Dictionary<string, string> Filters { get { lock (_gate) return new(_filters); } }

    public JsonObject[] ImportJobs { get { lock (_gate) return _imports.Values.Select(v => v.Job).ToArray(); } }

    /// <summary>The metric names Personalize reports, with NDCG@10 set to <paramref name="ndcg10"/>.</summary>
    public static Dictionary<string, double> Named(double ndcg10) => new()
    {
        ["coverage"] = 0.3, ["mean_reciprocal_rank_at_25"] = 0.2,
        ["normalized_discounted_cumulative_gain_at_5"] = ndcg10 * 0.9, ["normalized_discounted_cumulative_gain_at_10"] = ndcg10,
        ["normalized_discounted_cumulative_gain_at_25"] = ndcg10 * 1.1, ["precision_at_5"] = 0.05, ["precision_at_10"] = 0.04, ["precision_at_25"] = 0.03,
    };

    /// <summary>With <paramref name="campaignExists"/> false no campaign exists yet, as after a first deployment.</summary>
    public static async Task<FakePersonalizeControlPlane> StartAsync(Uri s3Url, bool campaignExists = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakePersonalizeControlPlane(app, s3Url, campaignExists);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        _s3.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Refusal(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }

    private static Refusal Invalid(string message) => new(400, "InvalidInputException", message);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex Authorization();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9\\-_]*$")]
    private static partial Regex ResourceName();

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            CheckSignature(context.Request);
            if (context.Request.Method != "POST" || context.Request.Path != "/") throw new Refusal(404, "UnknownOperationException", "POST / only");
            if (context.Request.ContentType != "application/x-amz-json-1.1") throw new Refusal(400, "SerializationException", $"content type {context.Request.ContentType}");
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!target.StartsWith("AmazonPersonalize.", StringComparison.Ordinal)) throw new Refusal(400, "UnknownOperationException", $"target {target}");
            var request = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw new Refusal(400, "SerializationException", "not a JSON object");
            var operation = target["AmazonPersonalize.".Length..];
            JsonObject answer;
            lock (_gate)
            {
                answer = operation switch
                {
                    "CreateDatasetImportJob" => CreateImport(request),
                    "DescribeDatasetImportJob" => DescribeImport(request),
                    "CreateSolutionVersion" => CreateVersion(request),
                    "DescribeSolutionVersion" => DescribeVersion(request),
                    "GetSolutionMetrics" => GetMetrics(request),
                    "DescribeCampaign" => DescribeCampaign(request),
                    "UpdateCampaign" => UpdateCampaign(request),
                    "CreateCampaign" => CreateCampaign(request),
                    "DescribeFilter" => DescribeFilter(request),
                    "CreateFilter" => CreateFilter(request),
                    "ListSolutionVersions" => ListVersions(request),
                    _ => throw new Refusal(400, "UnknownOperationException", operation),
                };
            }
            if (operation == "CreateDatasetImportJob") await CheckS3FileAsync(request);
            Calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await context.Response.WriteAsync(answer.ToJsonString());
        }
        catch (Refusal r)
        {
            context.Response.StatusCode = r.Status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = r.Code, ["message"] = r.Message }));
        }
    }

    private static void CheckSignature(HttpRequest request)
    {
        var m = Authorization().Match(request.Headers.Authorization.ToString());
        if (!m.Success) throw new Refusal(403, "IncompleteSignatureException", "Authorization header is not SigV4");
        var date = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) || m.Groups["date"].Value != date[..8])
            throw new Refusal(403, "IncompleteSignatureException", "X-Amz-Date missing, malformed or not the credential's day");
        if (m.Groups["service"].Value != "personalize") throw new Refusal(403, "InvalidSignatureException", "credential should be scoped to correct service: 'personalize'");
        if (m.Groups["region"].Value != Region) throw new Refusal(403, "InvalidSignatureException", $"credential should be scoped to a valid region: '{Region}'");
        var signed = m.Groups["headers"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date") || !signed.Contains("x-amz-target"))
            throw new Refusal(403, "InvalidSignatureException", "host, x-amz-date and x-amz-target must be signed");
    }

    private static string Required(JsonObject request, string member) =>
        request[member]?.GetValue<string>() is { Length: > 0 } v ? v : throw Invalid($"{member} is required");

    private JsonObject CreateImport(JsonObject request)
    {
        var name = Required(request, "jobName");
        if (name.Length > 63 || !ResourceName().IsMatch(name)) throw Invalid($"jobName {name} does not match [a-zA-Z0-9][a-zA-Z0-9\\-_]* (max 63)");
        var dataset = Required(request, "datasetArn");
        if (dataset is not (InteractionsDatasetArn or UsersDatasetArn or ItemsDatasetArn)) throw new Refusal(404, "ResourceNotFoundException", $"dataset {dataset}");
        if (Required(request, "roleArn") != RoleArn) throw Invalid("roleArn cannot read the bucket");
        var location = request["dataSource"]?["dataLocation"]?.GetValue<string>() ?? throw Invalid("dataSource.dataLocation is required");
        if (!location.StartsWith("s3://", StringComparison.Ordinal)) throw Invalid($"dataLocation {location} is not an s3:// path");
        var mode = request["importMode"]?.GetValue<string>() ?? "FULL";
        if (mode is not ("FULL" or "INCREMENTAL")) throw Invalid($"importMode {mode}");
        var arn = $"arn:aws:personalize:{Region}:{Account}:dataset-import-job/{name}";
        if (_imports.ContainsKey(arn)) throw new Refusal(400, "ResourceAlreadyExistsException", $"dataset import job {name} already exists");
        _imports[arn] = (new JsonObject { ["datasetImportJobArn"] = arn, ["jobName"] = name, ["datasetArn"] = dataset, ["dataLocation"] = location, ["importMode"] = mode }, 0, Statuses[0]);
        return new JsonObject { ["datasetImportJobArn"] = arn };
    }

    /// <summary>Personalize reads the file when the job runs: it must exist and carry the dataset's required columns.</summary>
    private async Task CheckS3FileAsync(JsonObject request)
    {
        var location = request["dataSource"]!["dataLocation"]!.GetValue<string>();
        using var response = await _s3.GetAsync(new Uri(_s3Url, location["s3://".Length..]));
        var arn = $"arn:aws:personalize:{Region}:{Account}:dataset-import-job/{request["jobName"]}";
        string? failure = null;
        long rows = 0;
        if (!response.IsSuccessStatusCode) failure = $"Input CSV {location} not found ({(int)response.StatusCode})";
        else
        {
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split(',');
            var dataset = request["datasetArn"]!.GetValue<string>();
            string[] required = dataset == InteractionsDatasetArn ? ["USER_ID", "ITEM_ID", "TIMESTAMP"] : dataset == UsersDatasetArn ? ["USER_ID"] : ["ITEM_ID"];
            if (required.FirstOrDefault(c => !header.Contains(c)) is { } missing) failure = $"the CSV has no {missing} column (first line: {lines[0][..Math.Min(lines[0].Length, 120)]})";
            rows = lines.Length - 1;
        }
        lock (_gate)
        {
            var (job, describes, _) = _imports[arn];
            if (failure is not null) { job["failureReason"] = failure; _imports[arn] = (job, describes, "CREATE FAILED"); }
            else if (request["datasetArn"]!.GetValue<string>() == InteractionsDatasetArn)
                _importedInteractions = job["importMode"]!.GetValue<string>() == "FULL" ? rows : _importedInteractions + rows;
        }
    }

    private JsonObject DescribeImport(JsonObject request)
    {
        var arn = Required(request, "datasetImportJobArn");
        if (!_imports.TryGetValue(arn, out var entry)) throw new Refusal(404, "ResourceNotFoundException", $"import job {arn}");
        if (entry.Status != "CREATE FAILED") entry = (entry.Job, entry.Describes + 1, Statuses[Math.Min(entry.Describes + 1, 2)]);
        _imports[arn] = entry;
        var job = new JsonObject { ["datasetImportJobArn"] = arn, ["jobName"] = entry.Job["jobName"]!.GetValue<string>(), ["status"] = entry.Status };
        if (entry.Job["failureReason"] is { } reason) job["failureReason"] = reason.GetValue<string>();
        return new JsonObject { ["datasetImportJob"] = job };
    }

    private JsonObject CreateVersion(JsonObject request)
    {
        var solution = Required(request, "solutionArn");
        if (solution is not (SolutionArn or RelatedItemsSolutionArn)) throw new Refusal(404, "ResourceNotFoundException", "solution");
        var mode = request["trainingMode"]?.GetValue<string>() ?? "FULL";
        if (mode is not ("FULL" or "UPDATE" or "AUTOTRAIN")) throw Invalid($"trainingMode {mode}");
        if (_imports.Values.Any(i => i.Status != "ACTIVE" && i.Status != "CREATE FAILED")) throw new Refusal(400, "ResourceInUseException", "a dataset import job is in progress");
        if (_importedInteractions < 1000) throw Invalid($"There are not enough interactions: {_importedInteractions} (1000 needed)");
        var arn = $"{solution}/{Guid.NewGuid():N}"[..(solution.Length + 9)];
        _versions[arn] = (0, Statuses[0]);
        Metrics[arn] = NewVersionMetrics;
        return new JsonObject { ["solutionVersionArn"] = arn };
    }

    private JsonObject DescribeVersion(JsonObject request)
    {
        var arn = Required(request, "solutionVersionArn");
        if (!_versions.TryGetValue(arn, out var v)) throw new Refusal(404, "ResourceNotFoundException", $"solution version {arn}");
        var held = HoldTraining && v.Status != "ACTIVE";
        v = (v.Describes + 1, held ? Statuses[1] : Statuses[Math.Min(v.Describes + 1, 2)]);
        _versions[arn] = v;
        if (held) TrainingHeld?.Invoke();
        return new JsonObject { ["solutionVersion"] = new JsonObject { ["solutionVersionArn"] = arn, ["status"] = v.Status, ["trainingMode"] = "FULL" } };
    }

    private JsonObject GetMetrics(JsonObject request)
    {
        var arn = Required(request, "solutionVersionArn");
        if (!_versions.TryGetValue(arn, out var v)) throw new Refusal(404, "ResourceNotFoundException", $"solution version {arn}");
        if (v.Status != "ACTIVE") throw new Refusal(400, "ResourceInUseException", "the solution version is not ACTIVE");
        var metrics = new JsonObject();
        foreach (var (k, value) in Metrics[arn]) metrics[k] = value;
        return new JsonObject { ["solutionVersionArn"] = arn, ["metrics"] = metrics };
    }

    private CampaignState KnownCampaign(JsonObject request) =>
        _campaigns.TryGetValue(Required(request, "campaignArn"), out var c) ? c : throw new Refusal(404, "ResourceNotFoundException", $"campaign {request["campaignArn"]}");

    /// <summary>A new campaign moves CREATE PENDING → CREATE IN_PROGRESS → ACTIVE, an update UPDATE IN_PROGRESS → ACTIVE, on each describe.</summary>
    private JsonObject DescribeCampaign(JsonObject request)
    {
        var arn = Required(request, "campaignArn");
        var c = KnownCampaign(request);
        if (c.Status != "ACTIVE") { c.Describes++; c.Status = Statuses[Math.Min(c.Describes, 2)]; }
        var campaign = new JsonObject { ["campaignArn"] = arn, ["status"] = c.Status, ["solutionVersionArn"] = c.Version };
        if (c.Update is { } update)
        {
            var describes = update.Describes + 1;
            var status = describes >= 2 ? "ACTIVE" : "UPDATE IN_PROGRESS";
            if (status == "ACTIVE") { c.Version = update.Version; campaign["solutionVersionArn"] = update.Version; c.Update = null; }
            else c.Update = (update.Version, describes);
            campaign["latestCampaignUpdate"] = new JsonObject { ["solutionVersionArn"] = update.Version, ["status"] = status };
        }
        return new JsonObject { ["campaign"] = campaign };
    }

    private string ActiveVersion(JsonObject request)
    {
        var version = Required(request, "solutionVersionArn");
        if (!_versions.TryGetValue(version, out var v)) throw new Refusal(404, "ResourceNotFoundException", $"solution version {version}");
        if (v.Status != "ACTIVE") throw new Refusal(400, "ResourceInUseException", $"solution version {version} is {v.Status}, not ACTIVE");
        return version;
    }

    private JsonObject UpdateCampaign(JsonObject request)
    {
        var c = KnownCampaign(request);
        var version = ActiveVersion(request);
        if (c.Status != "ACTIVE" || c.Update is not null) throw new Refusal(400, "ResourceInUseException", "the campaign is being created or updated");
        c.Update = (version, 0);
        return new JsonObject { ["campaignArn"] = Required(request, "campaignArn") };
    }

    private JsonObject CreateCampaign(JsonObject request)
    {
        var name = Required(request, "name");
        if (name.Length > 63 || !ResourceName().IsMatch(name)) throw Invalid($"name {name} does not match [a-zA-Z0-9][a-zA-Z0-9\\-_]* (max 63)");
        var version = ActiveVersion(request);
        if (request["minProvisionedTPS"] is { } tps && tps.GetValue<int>() < 1) throw Invalid("minProvisionedTPS must be at least 1");
        var arn = $"arn:aws:personalize:{Region}:{Account}:campaign/{name}";
        if (_campaigns.ContainsKey(arn)) throw new Refusal(400, "ResourceAlreadyExistsException", $"campaign {name} already exists");
        _campaigns[arn] = new CampaignState { Version = version, Status = Statuses[0] };
        return new JsonObject { ["campaignArn"] = arn };
    }

    private JsonObject DescribeFilter(JsonObject request)
    {
        var arn = Required(request, "filterArn");
        if (!_filters.TryGetValue(arn, out var expression)) throw new Refusal(404, "ResourceNotFoundException", $"filter {arn}");
        return new JsonObject { ["filter"] = new JsonObject { ["filterArn"] = arn, ["status"] = "ACTIVE", ["filterExpression"] = expression } };
    }

    private JsonObject CreateFilter(JsonObject request)
    {
        var name = Required(request, "name");
        if (name.Length > 63 || !ResourceName().IsMatch(name)) throw Invalid($"name {name} does not match [a-zA-Z0-9][a-zA-Z0-9\\-_]* (max 63)");
        if (Required(request, "datasetGroupArn") != DatasetGroupArn) throw new Refusal(404, "ResourceNotFoundException", "dataset group");
        var expression = Required(request, "filterExpression");
        if (expression.Length > 2500 || !expression.Split('|').All(part => part.Trim().StartsWith("EXCLUDE ItemID WHERE ", StringComparison.Ordinal) || part.Trim().StartsWith("INCLUDE ItemID WHERE ", StringComparison.Ordinal)))
            throw Invalid($"filterExpression is not a valid expression: {expression}");
        var arn = $"arn:aws:personalize:{Region}:{Account}:filter/{name}";
        if (_filters.ContainsKey(arn)) throw new Refusal(400, "ResourceAlreadyExistsException", $"filter {name} already exists");
        _filters[arn] = expression;
        return new JsonObject { ["filterArn"] = arn };
    }

    /// <summary>Lists a solution's versions; a version listed has finished training (as it would have between two daily runs).</summary>
    private JsonObject ListVersions(JsonObject request)
    {
        var solution = Required(request, "solutionArn");
        if (solution is not (SolutionArn or RelatedItemsSolutionArn)) throw new Refusal(404, "ResourceNotFoundException", "solution");
        var list = new JsonArray();
        foreach (var arn in _versions.Keys.Where(k => k.StartsWith(solution + "/", StringComparison.Ordinal)).ToList())
        {
            var v = _versions[arn];
            _versions[arn] = v = (v.Describes + 1, v.Status == "CREATE FAILED" ? v.Status : "ACTIVE");
            list.Add(new JsonObject { ["solutionVersionArn"] = arn, ["status"] = v.Status });
        }
        return new JsonObject { ["solutionVersions"] = list };
    }
}
