using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ingestion.Api;

/// <summary>Optional shared-secret check on <c>x-api-key</c>; the key is compared in constant time and never logged or echoed.</summary>
internal sealed class ApiKeyFilter(IOptions<IngestionOptions> options) : IEndpointFilter
{
    public const string Header = "x-api-key";

    private readonly byte[][] _keys = options.Value.ApiKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_keys.Length == 0 || IsKnown(context.HttpContext.Request.Headers[Header].ToString())) return next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "ApiKey header=\"x-api-key\"";
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: $"this API needs a valid {Header} header"));
    }

    private bool IsKnown(string presented)
    {
        if (presented.Length == 0) return false;
        var bytes = Encoding.UTF8.GetBytes(presented);
        var known = false;
        foreach (var key in _keys) known |= CryptographicOperations.FixedTimeEquals(bytes, key);
        return known;
    }
}
