using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Providers;
using Tunewise.Models.Providers.Http;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Providers;

/// <summary>The direct chat-completions path against the official SDK it stands in for: same request, same reading.</summary>
public class ChatCompletionsClientTests
{
    private const string Completion = """
        {"id":"chatcmpl-7","object":"chat.completion","created":1700000000,"model":"m-2024",
         "choices":[{"index":0,"message":{"role":"assistant","content":"{\"label\":\"translate\"}"},"finish_reason":"length"}],
         "usage":{"prompt_tokens":21,"completion_tokens":5,"total_tokens":26,
                  "prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":2}}}
        """;

    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, "Answer with one label."),
        new(ChatRole.User, "how would you say fly in italian"),
        new(ChatRole.Assistant, "{\"label\":\"translate\"}"),
        new(ChatRole.User, "héllo \"quoted\" <tag>\nsecond line"),
    ];

    private static readonly ChatOptions Options = new()
    {
        Temperature = 0.3f, TopP = 0.9f, MaxOutputTokens = 64, Seed = 7, FrequencyPenalty = 0.1f, PresencePenalty = 0.2f,
        StopSequences = ["\n\n", "END"], ResponseFormat = ChatResponseFormat.Json,
    };

    private static (IChatClient Direct, IChatClient Sdk) Clients(Uri endpoint)
    {
        var reference = new ModelReference(OpenAIProvider.CompatibleName, "m") { BaseUrl = endpoint.ToString() };
        var context = new ModelContext();
        return (new ModelProviderRegistry().Register(OpenAIProvider.CompatibleName, OpenAIProvider.CreateCompatible).CreateClient(reference, context),
            OpenAIProvider.CreateSdkClient(reference, context, "no-key", endpoint));
    }

    /// <summary>Tunewise's own call properties (repeat, latency group) steer its middleware and never reach the provider.</summary>
    [Fact]
    public async Task Tunewise_call_properties_are_never_sent()
    {
        await using var server = await ReplayServer.StartAsync("/v1/chat/completions", new ReplayResponse(200, Completion));
        var (direct, sdk) = Clients(new Uri(server.BaseAddress, "v1"));
        ChatOptions Tagged(ChatResponseFormat? format) => new ChatOptions { ResponseFormat = format }.WithRepeatIndex(2).WithLatencyGroup("arm");

        await sdk.GetResponseAsync(Messages, Tagged(ChatResponseFormat.Json));
        await direct.GetResponseAsync(Messages, Tagged(null));
        await direct.GetResponseAsync(Messages, Tagged(ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement, "answer")));

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.DoesNotContain("tunewise", request.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_sends_what_the_sdk_sends_and_reads_what_the_sdk_reads()
    {
        await using var server = await ReplayServer.StartAsync("/v1/chat/completions", new ReplayResponse(200, Completion));
        var (direct, sdk) = Clients(new Uri(server.BaseAddress, "v1"));

        var viaSdk = await sdk.GetResponseAsync(Messages, Options);
        var sdkRequest = server.LastRequest;
        var viaDirect = await direct.GetResponseAsync(Messages, Options);
        var directRequest = server.LastRequest;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sdkRequest.Body), JsonNode.Parse(directRequest.Body)), $"SDK: {sdkRequest.Body}\ndirect: {directRequest.Body}");
        Assert.Equal(sdkRequest.Header("authorization"), directRequest.Header("authorization"));
        Assert.Equal(viaSdk.Text, viaDirect.Text);
        Assert.Equal((viaSdk.ResponseId, viaSdk.ModelId, viaSdk.CreatedAt, viaSdk.FinishReason), (viaDirect.ResponseId, viaDirect.ModelId, viaDirect.CreatedAt, viaDirect.FinishReason));
        Assert.Equal(ChatRole.Assistant, viaDirect.Messages.Single().Role);
        Assert.Equal(
            (viaSdk.Usage!.InputTokenCount, viaSdk.Usage.OutputTokenCount, viaSdk.Usage.TotalTokenCount, viaSdk.Usage.CachedInputTokenCount, viaSdk.Usage.ReasoningTokenCount),
            (viaDirect.Usage!.InputTokenCount, viaDirect.Usage.OutputTokenCount, viaDirect.Usage.TotalTokenCount, viaDirect.Usage.CachedInputTokenCount, viaDirect.Usage.ReasoningTokenCount));
        // The response cache keys on this: which path served a call must not change it.
        var (a, b) = (direct.GetService<ChatClientMetadata>()!, sdk.GetService<ChatClientMetadata>()!);
        Assert.Equal((b.ProviderName, b.ProviderUri, b.DefaultModelId), (a.ProviderName, a.ProviderUri, a.DefaultModelId));
    }

    [Fact]
    public void Its_description_matches_the_sdk_for_the_default_endpoint_too()
    {
        var reference = new ModelReference(OpenAIProvider.OpenAIName, "gpt-4o-mini");
        var direct = new ChatCompletionsClient(OpenAIProvider.DefaultEndpoint, "gpt-4o-mini", "sk-test", null, () => throw new InvalidOperationException());
        using var sdk = OpenAIProvider.CreateSdkClient(reference, new ModelContext(), "sk-test", null);

        var (a, b) = (direct.GetService<ChatClientMetadata>()!, sdk.GetService<ChatClientMetadata>()!);
        Assert.Equal((b.ProviderName, b.ProviderUri, b.DefaultModelId), (a.ProviderName, a.ProviderUri, a.DefaultModelId));
    }

    [Fact]
    public async Task Calls_it_does_not_write_itself_go_through_the_sdk()
    {
        await using var server = await ReplayServer.StartAsync("/v1/chat/completions", new ReplayResponse(200, Completion));
        var (direct, _) = Clients(new Uri(server.BaseAddress, "v1"));
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"label":{"type":"string"}}}""").RootElement;

        await direct.GetResponseAsync(Messages, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer") });

        Assert.Equal("json_schema", server.LastRequest.Json.GetProperty("response_format").GetProperty("type").GetString());
        Assert.False(ChatCompletionsClient.IsPlain(Messages, new ChatOptions { Instructions = "be brief" }));
        Assert.False(ChatCompletionsClient.IsPlain([new ChatMessage(ChatRole.User, "hi") { AuthorName = "ann" }], null));
        Assert.True(ChatCompletionsClient.IsPlain(Messages, Options));
    }

    [Fact]
    public async Task An_error_status_carries_the_servers_wait_and_message_without_the_key()
    {
        await using var server = await ReplayServer.StartAsync("/v1/chat/completions", new ReplayResponse(429,
            """{"error":{"type":"rate_limit_error","message":"Slow down, key sk-secret-123"}}""",
            Headers: new Dictionary<string, string> { ["x-ratelimit-reset-requests"] = "1.5s" }));
        var direct = new ChatCompletionsClient(new Uri(server.BaseAddress, "v1"), "m", "sk-secret-123", null, () => throw new InvalidOperationException());

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => direct.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
        var failure = ModelFailure.Classify(error);

        Assert.Equal(ModelCallErrorKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1.5), failure.RetryAfter);
        Assert.Contains("Slow down", error.Message);
        Assert.DoesNotContain("sk-secret-123", error.Message);
    }

    [Theory]
    [InlineData("""{"id":"x","choices":[]}""")]
    [InlineData("""{"error":{"message":"upstream failed"}}""")]
    [InlineData("""[1,2]""")]
    public void A_body_without_an_answer_is_malformed_and_so_retried(string body)
    {
        var error = Assert.ThrowsAny<JsonException>(() => ChatCompletionsClient.Read(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(ModelCallErrorKind.MalformedResponse, ModelFailure.Classify(error).Kind);
    }
}
