using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Adapters.Aws.Protocol;

/// <summary>
/// An AWS JSON 1.1 / REST-JSON timestamp: on the wire epoch seconds, a number with the milliseconds as its fraction
/// (1732196645.123), which is what Personalize and Kinesis send. A string is read too (ISO 8601, or epoch seconds as text),
/// so a member a service documents differently still parses. Written as epoch seconds.
/// </summary>
public sealed class AwsTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => FromEpochSeconds(reader.GetDouble()),
        JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => FromEpochSeconds(seconds),
        JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at,
        _ => throw new JsonException($"a timestamp must be epoch seconds or an ISO 8601 string; got {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));

    private static DateTimeOffset FromEpochSeconds(double seconds) =>
        double.IsFinite(seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)) : throw new JsonException("a timestamp must be finite");
}
