namespace Tunewise.Models.Middleware;

/// <summary>
/// A per-attempt timeout that follows observed latency: max(floor, multiplier × p95 of recent
/// successful calls), capped at the ceiling. Until enough calls have succeeded it uses the initial
/// value. Share one per endpoint so all workers learn from each other.
/// </summary>
public sealed class AdaptiveTimeout
{
    private readonly Lock _gate = new();
    private readonly double[] _window;
    private int _count;
    private int _next;
    private TimeSpan _current;
    private TimeSpan? _p95;

    public AdaptiveTimeout(AdaptiveTimeoutOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, options.MinSamples);
        Options = options;
        _window = new double[options.Window];
        // A floor above the initial value or the ceiling wins: "never cut sooner than the floor" holds from the first call.
        _current = Max(options.Initial, options.Floor);
    }

    public AdaptiveTimeoutOptions Options { get; }

    public TimeSpan Current { get { lock (_gate) { return _current; } } }

    /// <summary>95th percentile of recent successful latencies; null until enough calls have succeeded.</summary>
    public TimeSpan? P95 { get { lock (_gate) { return _p95; } } }

    public void RecordSuccess(TimeSpan latency)
    {
        lock (_gate)
        {
            _window[_next] = latency.TotalMilliseconds;
            _next = (_next + 1) % _window.Length;
            _count = Math.Min(_count + 1, _window.Length);
            if (_count < Options.MinSamples)
            {
                return;
            }

            var sorted = _window[.._count];
            Array.Sort(sorted);
            var p95 = sorted[(int)Math.Ceiling(0.95 * _count) - 1];
            _p95 = TimeSpan.FromMilliseconds(p95);
            var adaptive = TimeSpan.FromMilliseconds(p95 * Options.Multiplier);
            _current = Max(Options.Floor, adaptive > Options.Ceiling ? Options.Ceiling : adaptive);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
