using Recommender.Hosting;

namespace SpotifyProducer.Linking;

/// <summary>The parameters of the Spotify link endpoints, declared once for checking and for the OpenAPI document.</summary>
public static class SpotifyLinkParameters
{
    public static readonly TextParameter UserId = new("user_id",
        "The platform's listener whose Spotify account is linked; the polled plays carry it as user_id.", IsRequired: true);

    public static readonly BooleanParameter Redirect = new("redirect",
        "Answer 302 to Spotify's authorize page instead of 200 with its URL (for a plain link; a dashboard fetches the URL).", false);

    public static readonly TextParameter State = new("state",
        "The connect's state, sent to Spotify and back: single use, valid for SpotifyProducer:ConnectExpiry.", 128, IsRequired: true);

    public static readonly TextParameter Code = new("code", "The authorization code Spotify gives when the listener approved.", 2048);

    public static readonly TextParameter Error = new("error", "Spotify's reason when the listener did not approve (access_denied).");

    public static readonly IdParameter User = new("user", "The platform's listener whose link this is.");
}
