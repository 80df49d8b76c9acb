using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Providers;
using Tunewise.Models.Providers.Anthropic;
using Tunewise.Models.Providers.Http;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Providers.Anthropic;

public sealed class AnthropicProviderTests() : ProviderReplayTests("anthropic", "/v1/messages")
{
    private const string ApiKey = "sk-ant-api03-TEST-KEY-7f3a9c1e5b";

    protected override string PlainAnswer => "messages-end-turn.json";

    protected override IChatClient Client(ReplayServer server, string? model = null) =>
        AnthropicProvider.CreateAnthropicChatClient(model ?? "claude-sonnet-4-5", ApiKey, server.BaseAddress);

    [Fact]
    public async Task Sends_system_turns_sampling_and_stop_sequences_as_the_messages_api_expects()
    {
        await using var server = await ServeAsync(Recorded("messages-end-turn.json"));
        using var client = Client(server);

        await client.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, "Classify the customer's intent."),
                new ChatMessage(ChatRole.User, "I want my money back."),
                new ChatMessage(ChatRole.Assistant, "refund_request"),
                new ChatMessage(ChatRole.User, "Order 1234 never arrived."),
            ],
            new ChatOptions { Temperature = 0.3f, TopP = 0.9f, TopK = 40, MaxOutputTokens = 256, StopSequences = ["\n###"] });

        var request = server.LastRequest;
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("Bearer " + ApiKey, request.Header("authorization"));
        Assert.False(string.IsNullOrEmpty(request.Header("anthropic-version")));
        Assert.Equal("0", request.Header("x-stainless-retry-count"));

        var body = request.Json;
        Assert.Equal("claude-sonnet-4-5", body.GetProperty("model").GetString());
        Assert.Equal(256, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.3, body.GetProperty("temperature").GetDouble(), 4);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 4);
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(["\n###"], body.GetProperty("stop_sequences").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Classify the customer's intent.", body.GetProperty("system")[0].GetProperty("text").GetString());

        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Order 1234 never arrived.", messages[2].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Defaults_max_tokens_because_the_api_requires_it()
    {
        await using var server = await ServeAsync(Recorded("messages-end-turn.json"));
        using var client = Client(server);

        await client.GetResponseAsync("hello");

        var body = server.LastRequest.Json;
        Assert.Equal(AnthropicProvider.DefaultMaxOutputTokens, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.False(body.TryGetProperty("system", out _));
    }

    [Fact]
    public async Task Reads_text_usage_with_cache_reads_and_finish_reason()
    {
        await using var server = await ServeAsync(Recorded("messages-end-turn.json"));
        using var client = Client(server);

        var response = await client.GetResponseAsync("Order 1234 never arrived.");

        Assert.Equal("{\"intent\": \"refund_request\", \"confidence\": 0.92}", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("claude-sonnet-4-5-20250929", response.ModelId);
        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", response.ResponseId);
        Assert.NotNull(response.Usage);
        // Anthropic reports uncached, cache-write and cache-read input separately; the total input is their sum.
        Assert.Equal(412 + 1024, response.Usage.InputTokenCount);
        Assert.Equal(1024, response.Usage.CachedInputTokenCount);
        Assert.Equal(19, response.Usage.OutputTokenCount);
        Assert.Equal(412 + 1024 + 19, response.Usage.TotalTokenCount);
    }

    [Theory]
    [InlineData("messages-max-tokens.json", "length")]
    [InlineData("messages-stop-sequence.json", "stop")]
    public async Task Maps_stop_reasons_to_finish_reasons(string file, string expected)
    {
        await using var server = await ServeAsync(Recorded(file));
        using var client = Client(server);

        var response = await client.GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 12 });

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact]
    public async Task Json_format_without_schema_becomes_a_system_instruction_and_metadata_says_so()
    {
        await using var server = await ServeAsync(Recorded("messages-end-turn.json"));
        using var client = Client(server);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Classify."), new ChatMessage(ChatRole.User, "x")],
            new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        var system = server.LastRequest.Json.GetProperty("system").EnumerateArray().Select(b => b.GetProperty("text").GetString()).ToList();
        Assert.Equal("Classify.", system[0]);
        Assert.Contains(system, text => text!.Contains("valid JSON", StringComparison.Ordinal));
        Assert.False(server.LastRequest.Json.TryGetProperty("output_config", out _));

        var features = client.GetService<ChatProviderFeatures>();
        Assert.NotNull(features);
        Assert.Equal(JsonModeSupport.Instruction, features.Json);
        Assert.Equal(JsonModeSupport.Native, features.JsonSchema);
        Assert.False(features.Seed);
    }

    [Fact]
    public async Task Json_schema_is_sent_as_native_structured_output()
    {
        await using var server = await ServeAsync(Recorded("messages-end-turn.json"));
        using var client = Client(server);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"intent":{"type":"string"}},"required":["intent"]}""").RootElement;

        await client.GetResponseAsync("x", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "intent") });

        var format = server.LastRequest.Json.GetProperty("output_config").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("string", format.GetProperty("schema").GetProperty("properties").GetProperty("intent").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Metadata_names_provider_endpoint_and_model()
    {
        await using var server = await ServeAsync(Recorded("messages-end-turn.json"));
        using var client = Client(server, "claude-haiku-4-5");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("anthropic", metadata.ProviderName);
        Assert.Equal("claude-haiku-4-5", metadata.DefaultModelId);
        Assert.Equal(server.BaseAddress.Port, metadata.ProviderUri!.Port);
        Assert.NotNull(client.GetService<global::Anthropic.IAnthropicClient>());
    }

    [Fact]
    public async Task Streams_text_deltas_and_usage()
    {
        await using var server = await ServeAsync(
            Recorded("messages-stream.sse") with { ContentType = "text/event-stream" });
        using var client = Client(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", new ChatOptions { Temperature = 0f }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("Label: billing", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(25, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        Assert.True(server.LastRequest.Json.GetProperty("stream").GetBoolean());
        Assert.Equal(0, server.LastRequest.Json.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Rate_limit_surfaces_status_retry_after_and_api_message_without_retrying()
    {
        await using var server = await ServeAsync(
            Recorded("error-rate-limit.json", 429, headers: new() { ["retry-after"] = "17", ["request-id"] = "req_011CSHpB3Zb4LYtvKzQxW7mN" }));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(17), error.RetryAfter);
        Assert.Equal("rate_limit_error", error.ErrorType);
        Assert.Equal("req_011CSHpB3Zb4LYtvKzQxW7mN", error.RequestId);
        Assert.Contains("exceed the rate limit", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overloaded_529_surfaces_as_its_own_status()
    {
        await using var server = await ServeAsync(Recorded("error-overloaded.json", 529));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(529, error.Status);
        Assert.Equal("overloaded_error", error.ErrorType);
        Assert.Null(error.RetryAfter);
        Assert.Contains("529", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_never_quotes_the_key_even_when_the_server_echoes_it()
    {
        await using var server = await ServeAsync(
            new ReplayResponse(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key KEY"}}""".Replace("KEY", ApiKey, StringComparison.Ordinal)));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("authentication_error", error.ErrorType);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_during_streaming_surface_the_same_way()
    {
        await using var server = await ServeAsync(
            Recorded("error-rate-limit.json", 429, headers: new() { ["retry-after"] = "3" }));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("x"))
            {
            }
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task Connection_failure_is_an_http_exception_without_status_or_key()
    {
        using var client = AnthropicProvider.CreateAnthropicChatClient("claude-haiku-4-5", ApiKey, new Uri($"http://127.0.0.1:{ClosedPort()}"));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetResponseAsync("x"));

        Assert.Null(error.StatusCode);
        Assert.IsNotType<ProviderHttpException>(error);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_http_client_still_yields_retry_after()
    {
        await using var server = await ServeAsync(
            Recorded("error-rate-limit.json", 429, headers: new() { ["retry-after"] = "9" }));
        using var shared = new HttpClient();
        using var client = AnthropicProvider.CreateAnthropicChatClient("claude-haiku-4-5", ApiKey, server.BaseAddress, shared);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(TimeSpan.FromSeconds(9), error.RetryAfter);
        Assert.Single(server.Requests);
    }

    internal static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
