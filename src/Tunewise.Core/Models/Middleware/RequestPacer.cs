namespace Tunewise.Models.Middleware;

/// <summary>
/// Keeps a provider under its requests-per-minute and tokens-per-minute limits with two token
/// buckets, so calls wait here instead of collecting 429s. Buckets hold ten seconds' worth, which
/// allows short bursts without breaking the per-minute rate. Share one per provider account.
/// </summary>
public sealed class RequestPacer
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Bucket? _requests;
    private readonly Bucket? _tokens;

    public RequestPacer(double? requestsPerMinute, double? tokensPerMinute, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        _requests = requestsPerMinute is > 0 ? new Bucket(requestsPerMinute.Value) : null;
        _tokens = tokensPerMinute is > 0 ? new Bucket(tokensPerMinute.Value) : null;
    }

    /// <summary>Whether a tokens-per-minute limit is set; without one, callers need not count tokens.</summary>
    public bool LimitsTokens => _tokens is not null;

    /// <summary>Total time callers have waited for the rate limits.</summary>
    public TimeSpan TotalWait { get; private set; }

    public async ValueTask WaitAsync(int tokens, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetElapsedTime(_start);
                _requests?.Refill(now);
                _tokens?.Refill(now);
                // A call larger than the whole bucket may go once the bucket is full; it leaves a debt.
                var tokenNeed = _tokens is null ? 0 : Math.Min(tokens, _tokens.Capacity);
                wait = TimeSpan.FromTicks(Math.Max(_requests?.TimeUntil(1).Ticks ?? 0, _tokens?.TimeUntil(tokenNeed).Ticks ?? 0));
                if (wait <= TimeSpan.Zero)
                {
                    _requests?.Take(1);
                    _tokens?.Take(tokens);
                    return;
                }

                TotalWait += wait;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Bucket(double perMinute)
    {
        private readonly double _perSecond = perMinute / 60;
        private double _available = Math.Max(1, perMinute / 60 * BurstWindow.TotalSeconds);
        private TimeSpan _last = TimeSpan.Zero;

        public double Capacity { get; } = Math.Max(1, perMinute / 60 * BurstWindow.TotalSeconds);

        public void Refill(TimeSpan now)
        {
            _available = Math.Min(Capacity, _available + (now - _last).TotalSeconds * _perSecond);
            _last = now;
        }

        public TimeSpan TimeUntil(double amount) =>
            _available >= amount ? TimeSpan.Zero : TimeSpan.FromSeconds((amount - _available) / _perSecond);

        public void Take(double amount) => _available -= amount;
    }
}
