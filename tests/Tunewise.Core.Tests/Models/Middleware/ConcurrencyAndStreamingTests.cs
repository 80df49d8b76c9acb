using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Middleware;

public class ConcurrencyAndStreamingTests
{
    [Fact]
    public async Task Pipelines_sharing_a_provider_limit_never_exceed_it_together()
    {
        var limits = new ProviderLimits();
        var reference = ModelReference.Parse("counting:m");
        var counter = new InFlightCounter();
        var registry = new ModelProviderRegistry().Register("counting", (_, _) => counter);
        IChatClient Pipeline() => ModelPipelineBuilder.For(reference, registry)
            .WithConcurrencyLimit(limits.Slots(reference, maxConcurrentCalls: 3)).Build();
        var clients = new[] { Pipeline(), Pipeline() };

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, token) =>
            await clients[i % 2].GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")], cancellationToken: token));

        Assert.Equal(40, counter.Calls);
        Assert.InRange(counter.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task Streaming_calls_go_through_the_same_accounting()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        var records = new List<CallRecord>();
        var client = FaultServerClients.Builder(server).WithCallRecords(records.Add).Build();

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync(FaultServerClients.Ask("stream please")))
        {
            text += update.Text;
        }

        Assert.Equal(FaultyOpenAIServer.AnswerFor("stream please"), text);
        Assert.Equal(7, Assert.Single(records).OutputTokens);
    }

    private sealed class InFlightCounter : IChatClient
    {
        private int _inFlight;
        private int _max;
        private int _calls;

        public int MaxInFlight => Volatile.Read(ref _max);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            await Task.Delay(10, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _calls);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
