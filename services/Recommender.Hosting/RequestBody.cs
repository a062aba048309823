using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Recommender.Hosting;

/// <summary>
/// A request body read into a pooled buffer, never more than a limit: a client that sends more (or
/// announces more in Content-Length) is stopped at limit + 1 bytes, whatever it claims.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    /// <summary>
    /// JSON in UTF-8, the only JSON the APIs read: a JSON media type (application/json, application/*+json) with no charset
    /// or charset=utf-8. Another charset would be read as if it were UTF-8, so it is refused rather than misread.
    /// </summary>
    public static bool IsUtf8Json(HttpRequest request)
    {
        if (!request.HasJsonContentType()) return false;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)) return false;
        var charset = mediaType.Charset.HasValue ? HeaderUtilities.RemoveQuotes(mediaType.Charset).Value : null;
        return string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
    public ReadOnlySpan<byte> Span => _buffer is { } b ? b.AsSpan(0, Length) : throw new ObjectDisposedException(nameof(RequestBody));

    /// <summary>Reads the whole body; null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        var initial = (int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Grow, but never past limit + 1: enough to know the body is too large.
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit + 1) - length), cancellationToken);
                if (read == 0) break;
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is { } b) ArrayPool<byte>.Shared.Return(b);
        _buffer = null;
    }
}
