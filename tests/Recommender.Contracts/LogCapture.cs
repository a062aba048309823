using Microsoft.Extensions.Logging;

namespace Recommender.Contracts;

/// <summary>
/// Every log line a host writes, of every category at every level, kept as text: for tests that scan what an operator's log
/// collector would receive. Register with <see cref="AddTo"/>, which also lifts any category filter for this provider.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public string Text
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        // a rule for this provider beats the host's own category filters (Microsoft.AspNetCore at Warning and such)
        logging.AddFilter<LogCapture>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lines) _lines.Add(line);
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // the message, its structured values (what a JSON log sink would write) and the exception
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.Add($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
