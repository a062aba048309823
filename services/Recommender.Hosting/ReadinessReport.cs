using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Hosting;

/// <summary>
/// /readyz's body: the overall status and every check with its own status and description (in aws mode one entry per AWS
/// dependency, "aws:profile-table"), so whoever looks sees which dependency is not ready and why.
/// </summary>
public static class ReadinessReport
{
    public const string ContentType = "application/json";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = ContentType;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartArray("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("status", entry.Status.ToString());
                if (entry.Description is { } description) json.WriteString("description", description);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).AsTask();
    }
}
