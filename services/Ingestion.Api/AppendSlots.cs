using Microsoft.Extensions.Options;

namespace Ingestion.Api;

/// <summary>The bounded number of appends in flight: the back-pressure point of the API.</summary>
internal sealed class AppendSlots(IOptions<IngestionOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentAppends, options.Value.MaxConcurrentAppends);

    public TimeSpan RetryAfter => options.Value.RetryAfter;

    /// <summary>A held slot, or null when none freed up within the configured wait.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken) =>
        await _slots.WaitAsync(options.Value.AppendSlotWait, cancellationToken) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
