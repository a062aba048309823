namespace Recommender.Contracts;

/// <summary>
/// Asks the same question over and over on dedicated threads while a test does something else
/// (a retrain, a model swap), counting answers and collecting failures. The threads are not the
/// pool's: training keeps the pool busy on a 2-core machine, and a pool task could start only after
/// the work it was meant to overlap had finished.
/// </summary>
public sealed class RequestLoad : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads;
    private readonly List<Exception> _failures = [];
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;

    private RequestLoad(int threads, Action<int> ask)
    {
        _threads = Enumerable.Range(0, threads).Select(t => new Thread(() => Loop(t, ask)) { IsBackground = true, Name = $"request-load-{t}" }).ToList();
        _threads.ForEach(t => t.Start());
    }

    /// <summary>Answers so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>What the question threw, in the order it happened.</summary>
    public IReadOnlyList<Exception> Failures { get { lock (_failures) return [.. _failures]; } }

    /// <summary>Starts <paramref name="threads"/> threads asking <paramref name="ask"/> (given the thread's index) and returns once one has answered or failed.</summary>
    public static async Task<RequestLoad> StartAsync(Action<int> ask, int threads = 1)
    {
        var load = new RequestLoad(threads, ask);
        try
        {
            await load._firstAnswer.Task.WaitAsync(Eventually.Deadline);
            return load;
        }
        catch (TimeoutException)
        {
            load._stop.Cancel(); // no join: a question that never returns would hang the test run
            throw new TimeoutException($"no request was answered within {Eventually.Deadline.TotalSeconds:N0} s of starting the load");
        }
    }

    /// <summary>Stops asking and waits for the threads to finish their last question.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _threads.ForEach(t => t.Join());
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Loop(int thread, Action<int> ask)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                ask(thread);
                Interlocked.Increment(ref _answered);
            }
            catch (Exception e) { lock (_failures) _failures.Add(e); }
            _firstAnswer.TrySetResult();
        }
    }
}
