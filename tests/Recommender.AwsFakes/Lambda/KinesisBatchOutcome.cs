using System.Text.Json.Nodes;

namespace Recommender.AwsFakes.Lambda;

public enum KinesisBatchResult
{
    /// <summary>Lambda checkpoints past the whole batch: it is never delivered again.</summary>
    Success,

    /// <summary>Lambda checkpoints before <see cref="KinesisBatchOutcome.RetryFrom"/> and delivers again from it.</summary>
    RetryFrom,

    /// <summary>Lambda retries the whole batch (bisecting it when BisectBatchOnFunctionError is on), then sends it to the on-failure destination.</summary>
    Failure,
}

/// <summary>
/// What a Kinesis event source mapping with ReportBatchItemFailures does with an invocation's result, as the Lambda developer
/// guide states it (services-kinesis-batchfailurereporting.html, "Success and failure conditions"): a function error fails the
/// batch; an empty or null response, or an empty or null batchItemFailures list, is complete success; an itemIdentifier that is
/// empty, null or under another key name fails the batch; otherwise Lambda checkpoints before the lowest sequence number listed.
/// </summary>
public sealed record KinesisBatchOutcome(KinesisBatchResult Result, string? RetryFrom)
{
    public static KinesisBatchOutcome Of(LambdaInvocation invocation, IReadOnlyList<string> batchSequenceNumbers)
    {
        if (invocation.FunctionError) return new(KinesisBatchResult.Failure, null);
        if (invocation.Payload is null) return new(KinesisBatchResult.Success, null);
        if (invocation.Payload is not JsonObject response)
            throw new InvalidOperationException($"the function returned {invocation.Payload.ToJsonString()}, which is no event response: the guide does not say what Lambda does then");
        if (response["batchItemFailures"] is not JsonArray failures || failures.Count == 0) return new(KinesisBatchResult.Success, null);

        var identifiers = new List<string>();
        foreach (var failure in failures)
        {
            if (failure is not JsonObject item || item["itemIdentifier"] is not JsonValue value || !value.TryGetValue<string>(out var id) || id.Length == 0)
                return new(KinesisBatchResult.Failure, null);
            if (!batchSequenceNumbers.Contains(id))
                throw new InvalidOperationException($"itemIdentifier \"{id}\" is no record of the batch: the guide does not say what Lambda does then");
            identifiers.Add(id);
        }
        // sequence numbers are decimal strings of up to 128 bits: compare by length, then digits
        var lowest = identifiers.OrderBy(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).First();
        return new(KinesisBatchResult.RetryFrom, lowest);
    }
}
