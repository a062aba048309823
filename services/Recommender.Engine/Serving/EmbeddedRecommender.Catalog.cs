using Recommender.Core.Catalog;
using Recommender.Engine.Catalog;

namespace Recommender.Engine.Serving;

public sealed partial class EmbeddedRecommender
{
    /// <summary>
    /// Takes in the catalog store's entries: tracks nobody has played become candidates for listeners whose genres,
    /// artists and sound they match (cold start), and reasons name tracks by their names. Events fill only what an entry lacks.
    /// </summary>
    public void LearnCatalog(IEnumerable<CatalogTrack> tracks)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var t in tracks) _catalog.LearnFromCatalog(t.TrackId, t.Name, t.ArtistKeys, t.Genres, AudioProfile.From(t.AudioFeatures));
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>How many tracks the engine knows, played or not.</summary>
    public int KnownTracks
    {
        get
        {
            _lock.EnterReadLock();
            try { return _catalog.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }
}
