using Microsoft.Extensions.Time.Testing;
using Tunewise.Models.Middleware;

namespace Tunewise.Core.Tests.Models.Middleware;

// The pacer runs on a fake clock: refills happen only when the test advances time, so the
// assertions do not depend on how fast this machine runs the loop.
public class PacingTests
{
    [Fact]
    public async Task Requests_beyond_the_token_rate_wait_for_the_bucket_to_refill()
    {
        var clock = new FakeTimeProvider();
        // 600k tokens per minute: a 10 s bucket holds 100k tokens and refills at 10k per second.
        var pacer = new RequestPacer(requestsPerMinute: null, tokensPerMinute: 600_000, clock);

        await pacer.WaitAsync(100_000, CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, pacer.TotalWait);

        var next = pacer.WaitAsync(500, CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        Assert.Equal(TimeSpan.FromMilliseconds(50), pacer.TotalWait);

        clock.Advance(TimeSpan.FromMilliseconds(50));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_request_rate_allows_a_burst_then_paces()
    {
        var clock = new FakeTimeProvider();
        // 6000 per minute: the bucket holds 1000 requests and refills at 100 per second.
        var pacer = new RequestPacer(requestsPerMinute: 6000, tokensPerMinute: null, clock);
        for (var i = 0; i < 1000; i++)
        {
            await pacer.WaitAsync(1, CancellationToken.None);
        }

        Assert.Equal(TimeSpan.Zero, pacer.TotalWait);
        var next = pacer.WaitAsync(1, CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        Assert.Equal(TimeSpan.FromMilliseconds(10), pacer.TotalWait);

        clock.Advance(TimeSpan.FromMilliseconds(10));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
