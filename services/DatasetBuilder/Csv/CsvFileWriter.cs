using System.Globalization;
using System.Text;

namespace DatasetBuilder.Csv;

/// <summary>Writes RFC 4180 rows: a field is quoted when it holds a comma, quote, line break or edge space; numbers in the invariant culture.</summary>
internal sealed class CsvFileWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvFileWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
    }

    public long Rows { get; private set; }

    public void WriteRow(IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            Write(fields[i]);
        }
        _writer.Write('\n');
        Rows++;
    }

    public void Flush() => _writer.Flush();

    private void Write(string? field)
    {
        if (string.IsNullOrEmpty(field)) return;
        var quote = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]);
        if (!quote) { _writer.Write(field); return; }
        _writer.Write('"');
        _writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    public static string? Format(object? value) => value switch
    {
        null or DBNull => null,
        double d => Math.Round(d, 4).ToString("0.####", CultureInfo.InvariantCulture),
        float f => Math.Round(f, 4).ToString("0.####", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int n => n.ToString(CultureInfo.InvariantCulture),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public void Dispose() => _writer.Dispose();
}
