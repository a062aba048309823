namespace Recommender.Core.Catalog.Import;

/// <summary>The CSV layouts <c>catalog import</c> reads.</summary>
public enum CatalogCsvFormat
{
    /// <summary>Decide from the header.</summary>
    Auto,
    /// <summary>The Spotify tracks data set: (unnamed index), track_id, artists (';'-separated), album_name, track_name, ..., track_genre.</summary>
    SpotifyTracks,
    /// <summary>An Amazon Personalize ITEMS file: ITEM_ID, ARTIST, GENRES ('|'-separated), RELEASE_YEAR, audio features.</summary>
    PersonalizeItems,
}

/// <summary>A row that was skipped, by the line it starts on.</summary>
public sealed record BadRow(long Line, string Reason);

/// <summary>What a file held: one entry per track (repeated ids merged), how many rows, and the rows skipped.</summary>
public sealed record CatalogCsvContent(CatalogCsvFormat Format, IReadOnlyList<CatalogTrack> Tracks, long Rows, long MergedRows, IReadOnlyList<BadRow> BadRows);

/// <summary>Reads a catalog CSV: the header picks the layout, each row becomes a track or a <see cref="BadRow"/>, and a track
/// listed on several rows (the Spotify data set lists it once per genre) becomes one entry with every genre.</summary>
public static class CatalogCsv
{
    public static CatalogCsvContent Read(TextReader reader, CatalogCsvFormat format = CatalogCsvFormat.Auto, IProgress<long>? rowsRead = null)
    {
        using var records = CsvRecords.Read(reader).GetEnumerator();
        if (!records.MoveNext() || records.Current.Error is not null)
            throw new FormatException("the file is empty: a header row is required");
        var header = records.Current.Fields;
        var layout = Layout(header, format);

        var tracks = new Dictionary<string, CatalogTrack>(StringComparer.Ordinal);
        var order = new List<string>();
        var bad = new List<BadRow>();
        long rows = 0, merged = 0;
        while (records.MoveNext())
        {
            var record = records.Current;
            rows++;
            if (rows % 10_000 == 0) rowsRead?.Report(rows);
            if (record.Error is not null)
            {
                bad.Add(new BadRow(record.Line, record.Error));
                continue;
            }
            if (record.Fields.Length != header.Length)
            {
                bad.Add(new BadRow(record.Line, $"expected {header.Length} fields like the header, found {record.Fields.Length}"));
                continue;
            }
            var (track, error) = layout.Parse(record.Fields);
            if (track is null)
            {
                bad.Add(new BadRow(record.Line, error!));
                continue;
            }
            if (tracks.TryGetValue(track.TrackId, out var known))
            {
                tracks[track.TrackId] = known with { Genres = [.. known.Genres.Union(track.Genres, StringComparer.OrdinalIgnoreCase)] };
                merged++;
            }
            else
            {
                tracks[track.TrackId] = track;
                order.Add(track.TrackId);
            }
        }
        if (rows % 10_000 != 0) rowsRead?.Report(rows);
        return new CatalogCsvContent(layout.Format, order.Select(id => tracks[id]).ToList(), rows, merged, bad);
    }

    private static ICatalogCsvLayout Layout(string[] header, CatalogCsvFormat format)
    {
        var detected = format switch
        {
            CatalogCsvFormat.SpotifyTracks => new SpotifyTracksLayout(header) as ICatalogCsvLayout,
            CatalogCsvFormat.PersonalizeItems => new PersonalizeItemsLayout(header),
            _ when SpotifyTracksLayout.Matches(header) => new SpotifyTracksLayout(header),
            _ when PersonalizeItemsLayout.Matches(header) => new PersonalizeItemsLayout(header),
            _ => throw new FormatException(
                $"the header is neither the Spotify tracks layout (track_id, artists, ..., track_genre) nor Personalize ITEMS (ITEM_ID, ...): {string.Join(",", header.Take(8))}"),
        };
        return detected;
    }
}

/// <summary>How one layout turns a row's fields into a track.</summary>
internal interface ICatalogCsvLayout
{
    CatalogCsvFormat Format { get; }

    /// <summary>The track, or null and why the row is refused.</summary>
    (CatalogTrack? Track, string? Error) Parse(string[] fields);
}
