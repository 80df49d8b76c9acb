using Tunewise.Models.Middleware;

namespace Tunewise.Core.Tests.Models;

public class PacingTests
{
    [Fact]
    public async Task Requests_beyond_the_token_rate_wait_for_the_bucket_to_refill()
    {
        // 600k tokens per minute: a 10 s bucket holds 100k tokens and refills at 10k per second.
        var pacer = new RequestPacer(requestsPerMinute: null, tokensPerMinute: 600_000);

        await pacer.WaitAsync(100_000, CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, pacer.TotalWait);

        await pacer.WaitAsync(500, CancellationToken.None);
        Assert.True(pacer.TotalWait > TimeSpan.Zero);
    }

    [Fact]
    public async Task The_request_rate_allows_a_burst_then_paces()
    {
        // 6000 per minute: the bucket holds 1000 requests.
        var pacer = new RequestPacer(requestsPerMinute: 6000, tokensPerMinute: null);
        for (var i = 0; i < 1000; i++)
        {
            await pacer.WaitAsync(1, CancellationToken.None);
        }

        Assert.Equal(TimeSpan.Zero, pacer.TotalWait);
        await pacer.WaitAsync(1, CancellationToken.None);
        Assert.True(pacer.TotalWait > TimeSpan.Zero);
    }
}
