using System.Security.Cryptography;
using System.Text;

namespace Recommender.Core.Events;

/// <summary>Personalize needs a session id on every event; the ingestion side fills one when the producer sent none.</summary>
public static class SessionIds
{
    /// <summary>Deterministic (same user, same UTC day → same id), so a redelivered event gets the same session.</summary>
    public static PlaybackEvent EnsureSession(PlaybackEvent e)
    {
        if (e.SessionId is not null) return e;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(e.UserId));
        return e with { SessionId = $"auto-{Convert.ToHexStringLower(hash, 0, 8)}-{e.OccurredAt.UtcDateTime:yyyyMMdd}" };
    }
}
