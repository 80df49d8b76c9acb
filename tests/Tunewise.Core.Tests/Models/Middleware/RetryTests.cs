using System.Collections.Concurrent;
using System.Globalization;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Middleware;

public class RetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retry_after_is_read_as_seconds_as_an_http_date_and_from_rate_limit_resets()
    {
        static TimeSpan? Parse(params (string Name, string Value)[] headers) => ModelFailure.ParseRetryAfter(
            name => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value,
            headers.Select(h => h.Name), Now);

        Assert.Equal(TimeSpan.FromSeconds(7), Parse(("Retry-After", "7")));
        Assert.Equal(TimeSpan.FromSeconds(30), Parse(("Retry-After", Now.AddSeconds(30).ToString("r", CultureInfo.InvariantCulture))));
        Assert.Equal(TimeSpan.Zero, Parse(("Retry-After", Now.AddSeconds(-30).ToString("r", CultureInfo.InvariantCulture))));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Parse(("retry-after-ms", "250"), ("Retry-After", "1")));
        Assert.Equal(TimeSpan.FromSeconds(360), Parse(("x-ratelimit-reset-requests", "20ms"), ("x-ratelimit-reset-tokens", "6m0s")));
        Assert.Null(Parse(("Retry-After", "soon")));
    }

    [Fact]
    public async Task A_429_waits_as_long_as_the_server_asks_then_succeeds()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile
        {
            RateLimitRate = 0.5,
            RetryAfter = TimeSpan.FromMilliseconds(37),
        });
        var retries = new ConcurrentBag<RetryAttempt>();
        var client = FaultServerClients.Builder(server).WithRetry(FaultServerClients.FastRetry(20, retries.Add)).Build();

        for (var i = 0; i < 12; i++)
        {
            var question = $"rate limited {i}";
            var response = await client.GetResponseAsync(FaultServerClients.Ask(question));
            Assert.Equal(FaultyOpenAIServer.AnswerFor(question), response.Text);
        }

        Assert.NotEmpty(retries);
        Assert.All(retries, r =>
        {
            Assert.Equal(ModelCallErrorKind.RateLimited, r.Reason);
            Assert.True(r.ServerRequestedDelay);
            Assert.Equal(TimeSpan.FromMilliseconds(37), r.Delay);
        });
    }

    [Theory]
    [InlineData("truncated", ModelCallErrorKind.MalformedResponse)]
    [InlineData("dropped", ModelCallErrorKind.ConnectionFailed)]
    [InlineData("500", ModelCallErrorKind.ServerError)]
    [InlineData("slow", ModelCallErrorKind.Timeout)]
    public async Task A_fault_that_never_clears_ends_as_a_recorded_error_after_the_configured_attempts(string fault, ModelCallErrorKind expected)
    {
        await using var server = await FaultyOpenAIServer.StartAsync(fault switch
        {
            "truncated" => new FaultProfile { TruncatedRate = 1 },
            "dropped" => new FaultProfile { DropRate = 1 },
            "500" => new FaultProfile { ServerErrorRate = 1 },
            _ => new FaultProfile { SlowRate = 1 },
        });
        var records = new List<CallRecord>();
        var client = FaultServerClients.Builder(server)
            .WithRetry(FaultServerClients.FastRetry(3))
            // Generous for everything but the stall, so a cold start is never mistaken for one.
            .WithTimeout(new AdaptiveTimeout(new AdaptiveTimeoutOptions
            {
                Floor = TimeSpan.FromMilliseconds(100),
                Initial = fault == "slow" ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(20),
            }))
            .WithCallRecords(records.Add)
            .Build();

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync(FaultServerClients.Ask("never works")));

        Assert.Equal(expected, error.Kind);
        Assert.Equal(3, error.Attempts);
        // The server never sees more than the configured attempts. On a loaded machine it may read an abandoned request
        // late, or never (the client can close the connection before the server has read it), so it may see fewer.
        for (var i = 0; i < 200 && server.RequestsFor("never works") < 3; i++) await Task.Delay(25);
        await Task.Delay(100);
        Assert.InRange(server.RequestsFor("never works"), 1, 3);
        var record = Assert.Single(records);
        Assert.Equal(expected, record.Error);
        Assert.Equal(3, record.Attempts);
    }

    [Fact]
    public async Task Rate_limit_waits_never_use_up_the_attempt_budget()
    {
        // 80% of requests are 429s: with two attempts and 429s counted, most of these calls would end as errors.
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { RateLimitRate = 0.8, RetryAfter = TimeSpan.FromMilliseconds(1) });
        var retries = new ConcurrentBag<RetryAttempt>();
        var client = FaultServerClients.Builder(server).WithRetry(FaultServerClients.FastRetry(2, retries.Add)).Build();

        for (var i = 0; i < 15; i++)
        {
            var question = $"paced {i}";
            var response = await client.GetResponseAsync(FaultServerClients.Ask(question));
            Assert.Equal(FaultyOpenAIServer.AnswerFor(question), response.Text);
        }

        Assert.Contains(retries, r => r.FailedAttempt >= 2);
        Assert.All(retries, r => Assert.Equal(ModelCallErrorKind.RateLimited, r.Reason));
    }

    [Fact]
    public async Task A_rate_limit_that_never_clears_ends_at_the_call_deadline()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { RateLimitRate = 1, RetryAfter = TimeSpan.FromMilliseconds(20) });
        var client = FaultServerClients.Builder(server)
            .WithRetry(FaultServerClients.FastRetry(2) with { Deadline = TimeSpan.FromSeconds(2) })
            .Build();

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync(FaultServerClients.Ask("always limited")));

        Assert.Equal(ModelCallErrorKind.RateLimited, error.Kind);
        // More requests than the two attempts a fault may use, fewer than the deadline allows at one per 20 ms. (The
        // deadline leaves room for a cold first request: with 400 ms, a first call slowed by start-up on a busy machine
        // once left time for only two.)
        Assert.InRange(error.Attempts, 3, 101);
    }

    [Fact]
    public void A_deadline_must_be_positive()
    {
        using var inner = new Microsoft.Extensions.AI.ChatClientBuilder(new NeverCalled()).Build();
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryChatClient(inner, new RetryOptions { Deadline = TimeSpan.Zero }));
    }

    [Fact]
    public async Task A_permanent_error_is_not_retried()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { KnownModels = ["other-model"] });
        var client = FaultServerClients.Builder(server).Build();

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync(FaultServerClients.Ask("hi")));

        Assert.Equal(ModelCallErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal(1, server.TotalRequests);
    }

    private sealed class NeverCalled : Microsoft.Extensions.AI.IChatClient
    {
        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages,
            Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages,
            Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new InvalidOperationException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
