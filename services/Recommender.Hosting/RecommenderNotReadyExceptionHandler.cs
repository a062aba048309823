using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Recommendations;

namespace Recommender.Hosting;

/// <summary>No model deployed yet is a wait, not a fault: 503 with Retry-After and a problem saying why.</summary>
internal sealed class RecommenderNotReadyExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RecommenderNotReadyException notReady) return false;
        await Problems.Unavailable(context, StatusCodes.Status503ServiceUnavailable, notReady.RetryAfter, notReady.Message).ExecuteAsync(context);
        return true;
    }
}
