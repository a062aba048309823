using System.Text;

namespace Recommender.Engine.Data;

/// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF.</summary>
internal static class CsvRows
{
    public static IEnumerable<string[]> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else inQuotes = false;
                }
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': inQuotes = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    yield return fields.ToArray();
                    fields.Clear(); any = false;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (inQuotes) throw new FormatException("the CSV ends inside a quoted field");
        if (any) { fields.Add(field.ToString()); yield return fields.ToArray(); }
    }
}
