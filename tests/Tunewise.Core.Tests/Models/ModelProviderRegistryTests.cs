using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models;

public class ModelProviderRegistryTests
{
    [Fact]
    public void An_unknown_provider_is_a_user_error_listing_the_known_ones()
    {
        var registry = ModelProviderRegistry.CreateDefault();

        var error = Assert.Throws<UserInputException>(() => registry.CreateClient(ModelReference.Parse("mystery:m1")));

        Assert.Contains("mystery", error.Message);
        Assert.Contains("openai, openai-compatible", error.Message);
    }

    [Fact]
    public void OpenAI_without_a_key_names_the_variable_to_set()
    {
        var context = new ModelContext { Environment = _ => null };

        var error = Assert.Throws<UserInputException>(() =>
            ModelProviderRegistry.CreateDefault().CreateClient(ModelReference.Parse("openai:gpt-4o-mini"), context));

        Assert.Contains("OPENAI_API_KEY", error.Message);
    }

    [Fact]
    public void OpenAI_compatible_needs_a_base_url()
    {
        var error = Assert.Throws<UserInputException>(() =>
            ModelProviderRegistry.CreateDefault().CreateClient(ModelReference.Parse("openai-compatible:qwen")));

        Assert.Contains("base_url", error.Message);
    }

    [Fact]
    public async Task OpenAI_compatible_works_without_a_key_and_reports_usage_and_unknown_cost()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        var records = new List<CallRecord>();
        var client = FaultServerClients.Builder(server).WithCallRecords(records.Add).Build();

        var response = await client.GetResponseAsync(FaultServerClients.Ask("what is two plus two"));

        Assert.Equal(FaultyOpenAIServer.AnswerFor("what is two plus two"), response.Text);
        var record = Assert.Single(records);
        Assert.Same(record, response.GetCallRecord());
        Assert.Equal(FaultyOpenAIServer.UsageFor(["what is two plus two"]).Prompt, record.InputTokens);
        Assert.Equal(7, record.OutputTokens);
        Assert.False(record.UsageEstimated);
        Assert.Null(record.CostUsd);
        Assert.Equal(1, record.Attempts);
    }

    [Fact]
    public async Task A_custom_client_registered_in_code_plugs_in_like_a_built_in()
    {
        var registry = ModelProviderRegistry.CreateDefault()
            .Register("shout", (reference, _) => new ShoutingClient(reference.Model));
        var reference = ModelReference.Parse("shout:v2") with { PriceOverride = new ModelPrice(1m, 2m) };
        using var temp = new TempDirectory();
        var records = new List<CallRecord>();
        var client = ModelPipelineBuilder.For(reference, registry)
            .WithCache(new Tunewise.Models.Middleware.SqliteResponseCache(temp.File("run.db")))
            .WithCallRecords(records.Add)
            .Build();

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello there")]);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello there")]);

        Assert.Equal("V2: HELLO THERE", first.Text);
        Assert.Equal("V2: HELLO THERE", second.Text);
        Assert.Contains("shout", registry.Providers);
        Assert.Equal((10 * 1m + 5 * 2m) / 1_000_000m, records[0].CostUsd);
        Assert.True(records[1].CacheHit);
        Assert.Equal(0m, records[1].CostUsd);
    }

    private sealed class ShoutingClient(string version) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"{version.ToUpperInvariant()}: {messages.Last().Text.ToUpperInvariant()}"))
            {
                Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
