using System.Text;

namespace Recommender.Core.Catalog.Import;

/// <summary>One CSV record: the physical line it starts on (1-based), its fields, or why it could not be read.</summary>
public sealed record CsvRecord(long Line, string[] Fields, string? Error = null);

/// <summary>
/// An RFC 4180 reader that knows line numbers: quoted fields may hold commas, doubled quotes and line breaks; a quote
/// inside an unquoted field is taken literally. A quoted field still open at the end of the file is one bad record.
/// </summary>
public static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var chars = new CharSource(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        long line = 1, start = 1;
        bool inQuotes = false, quoted = false, any = false;
        int c;
        while ((c = chars.Next()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (chars.Peek() == '"') { field.Append('"'); chars.Next(); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0 && !quoted:
                    inQuotes = quoted = any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    quoted = false;
                    any = true;
                    break;
                case '\r' when chars.Peek() == '\n':
                    break;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (any || fields.Count > 1 || fields[0].Length > 0) yield return new CsvRecord(start, fields.ToArray());
                    fields.Clear();
                    quoted = any = false;
                    start = ++line;
                    break;
                default:
                    field.Append(ch);
                    any = true;
                    break;
            }
        }
        if (inQuotes)
        {
            yield return new CsvRecord(start, [], "a quoted field is not closed before the end of the file");
            yield break;
        }
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(start, fields.ToArray());
        }
    }

    /// <summary>Characters from a reader a block at a time (a call per character costs more than the parsing).</summary>
    private sealed class CharSource(TextReader reader)
    {
        private readonly char[] _buffer = new char[64 * 1024];
        private int _length, _position;

        public int Next() => _position < _length || Fill() ? _buffer[_position++] : -1;

        public int Peek() => _position < _length || Fill() ? _buffer[_position] : -1;

        private bool Fill()
        {
            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            return _length > 0;
        }
    }
}
