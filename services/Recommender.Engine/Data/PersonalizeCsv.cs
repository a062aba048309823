using System.Globalization;

namespace Recommender.Engine.Data;

/// <summary>Reads the Amazon Personalize dataset CSVs (INTERACTIONS and ITEMS); unknown extra columns are ignored.</summary>
public static class PersonalizeCsv
{
    /// <summary>INTERACTIONS: USER_ID, ITEM_ID, TIMESTAMP (epoch seconds), optional EVENT_TYPE and EVENT_VALUE.</summary>
    public static List<Interaction> ReadInteractions(string path)
    {
        using var reader = new StreamReader(path);
        return ReadInteractions(reader, path);
    }

    public static List<Interaction> ReadInteractions(TextReader reader, string source = "interactions")
    {
        var rows = CsvRows.Read(reader).GetEnumerator();
        var header = Header(rows, source);
        int user = Required(header, "USER_ID", source), item = Required(header, "ITEM_ID", source), time = Required(header, "TIMESTAMP", source);
        var type = header.GetValueOrDefault("EVENT_TYPE", -1);
        var value = header.GetValueOrDefault("EVENT_VALUE", -1);
        var result = new List<Interaction>();
        var line = 1;
        while (rows.MoveNext())
        {
            line++;
            var r = rows.Current;
            if (r.Length == 1 && r[0].Length == 0) continue;
            if (r.Length < header.Count) throw new FormatException($"{source} line {line}: expected {header.Count} columns, found {r.Length}");
            if (!long.TryParse(r[time], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts))
                throw new FormatException($"{source} line {line}: TIMESTAMP '{r[time]}' is not epoch seconds");
            double? v = null;
            if (value >= 0 && r[value].Length > 0)
            {
                if (!double.TryParse(r[value], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    throw new FormatException($"{source} line {line}: EVENT_VALUE '{r[value]}' is not a number");
                v = parsed;
            }
            if (r[user].Length == 0 || r[item].Length == 0) throw new FormatException($"{source} line {line}: USER_ID and ITEM_ID are required");
            result.Add(new Interaction(r[user], r[item], ts, type >= 0 && r[type].Length > 0 ? r[type].ToLowerInvariant() : "complete", v));
        }
        return result;
    }

    /// <summary>ITEMS: ITEM_ID plus metadata; GENRES (pipe-separated) and ARTIST/ARTISTS are read.</summary>
    public static List<ItemMetadata> ReadItems(string path)
    {
        using var reader = new StreamReader(path);
        return ReadItems(reader, path);
    }

    public static List<ItemMetadata> ReadItems(TextReader reader, string source = "items")
    {
        var rows = CsvRows.Read(reader).GetEnumerator();
        var header = Header(rows, source);
        var id = Required(header, "ITEM_ID", source);
        var genres = header.GetValueOrDefault("GENRES", header.GetValueOrDefault("GENRE", -1));
        var artists = header.GetValueOrDefault("ARTIST", header.GetValueOrDefault("ARTISTS", -1));
        var created = header.GetValueOrDefault("CREATION_TIMESTAMP", -1);
        var result = new List<ItemMetadata>();
        var line = 1;
        while (rows.MoveNext())
        {
            line++;
            var r = rows.Current;
            if (r.Length == 1 && r[0].Length == 0) continue;
            if (r.Length < header.Count) throw new FormatException($"{source} line {line}: expected {header.Count} columns, found {r.Length}");
            long? ts = created >= 0 && long.TryParse(r[created], CultureInfo.InvariantCulture, out var t) ? t : null;
            result.Add(new ItemMetadata(r[id], Split(r, artists), Split(r, genres), ts));
        }
        return result;
    }

    private static string[] Split(string[] row, int column) =>
        column < 0 || row[column].Length == 0 ? [] : row[column].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Dictionary<string, int> Header(IEnumerator<string[]> rows, string source)
    {
        if (!rows.MoveNext()) throw new FormatException($"{source} is empty: a header row is required");
        return rows.Current.Select((name, i) => (name: name.Trim().ToUpperInvariant(), i))
            .GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i);
    }

    private static int Required(Dictionary<string, int> header, string column, string source) =>
        header.TryGetValue(column, out var i) ? i : throw new FormatException($"{source} has no {column} column");
}
