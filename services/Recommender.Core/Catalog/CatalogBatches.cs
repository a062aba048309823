namespace Recommender.Core.Catalog;

/// <summary>Folds many entries of one batch into one per track before a store sees them.</summary>
public static class CatalogBatches
{
    /// <summary>One entry per track id: the first one seen, its gaps filled from the later ones (the learning rule).</summary>
    public static List<CatalogTrack> Merge(IEnumerable<CatalogTrack> tracks)
    {
        var byId = new Dictionary<string, CatalogTrack>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var t in tracks)
        {
            if (byId.TryGetValue(t.TrackId, out var known)) byId[t.TrackId] = known.FillGapsFrom(t);
            else
            {
                byId[t.TrackId] = t;
                order.Add(t.TrackId);
            }
        }
        return order.Select(id => byId[id]).ToList();
    }
}
