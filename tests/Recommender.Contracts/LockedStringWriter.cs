using System.Text;

namespace Recommender.Contracts;

/// <summary>Output a verb or a host writes from several threads while the test reads it.</summary>
public sealed class LockedStringWriter : StringWriter
{
    private readonly Lock _gate = new();
    public override Encoding Encoding => Encoding.UTF8;
    public override void Write(char value) { lock (_gate) base.Write(value); }
    public override void Write(string? value) { lock (_gate) base.Write(value); }
    public override void Write(char[] buffer, int index, int count) { lock (_gate) base.Write(buffer, index, count); }
    public override void WriteLine(string? value) { lock (_gate) base.WriteLine(value); }
    public override string ToString() { lock (_gate) return base.ToString(); }
}
