namespace Recommender.AwsFakes.Lambda;

/// <summary>
/// A status list as the Lambda Web Adapter reads AWS_LWA_ERROR_STATUS_CODES and AWS_LWA_READINESS_CHECK_HEALTHY_STATUS:
/// comma-separated codes and inclusive ranges ("500,502-504"), blanks around an entry ignored, an entry it cannot read skipped.
/// </summary>
public sealed class StatusCodeList
{
    private readonly HashSet<int> _codes;

    private StatusCodeList(HashSet<int> codes) => _codes = codes;

    public static StatusCodeList Parse(string text)
    {
        var codes = new HashSet<int>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            if (part.Contains('-'))
            {
                var ends = part.Split('-');
                if (ends.Length == 2 && ushort.TryParse(ends[0], out var from) && ushort.TryParse(ends[1], out var to))
                    for (var code = (int)from; code <= to; code++) codes.Add(code);
            }
            else if (ushort.TryParse(part, out var code))
            {
                codes.Add(code);
            }
        }
        return new StatusCodeList(codes);
    }

    public bool Contains(int status) => _codes.Contains(status);
}
