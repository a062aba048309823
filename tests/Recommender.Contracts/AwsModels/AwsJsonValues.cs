using System.Text.Json.Nodes;

namespace Recommender.Contracts.AwsModels;

/// <summary>Values as AWS's JSON protocols put them on the wire, for fakes building answers in the model's shapes.</summary>
public static class AwsJsonValues
{
    /// <summary>JSON 1.0/1.1 and REST-JSON timestamps: epoch seconds, a number with the milliseconds as its fraction (1732196645.123).</summary>
    public static JsonValue Timestamp(DateTimeOffset at) => JsonValue.Create(Math.Round(at.ToUnixTimeMilliseconds() / 1000.0, 3));
}
