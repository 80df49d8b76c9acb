using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OllamaSharp;
using Tunewise.Models;
using Tunewise.Models.Providers;
using Tunewise.Models.Providers.Http;
using Tunewise.Models.Providers.Ollama;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Providers.Ollama;

// Ollama answers /api/chat with one-line JSON (NDJSON when streaming), and OllamaSharp reads it line by
// line, so the recorded bodies keep that shape.
public sealed class OllamaProviderTests() : ProviderReplayTests("ollama", "/api/chat")
{
    protected override string PlainAnswer => "chat.json";

    protected override IChatClient Client(ReplayServer server, string? model = null) =>
        OllamaProvider.CreateOllamaChatClient(model ?? "llama3.1:8b", server.BaseAddress);

    [Fact]
    public async Task Sends_messages_and_maps_options_to_ollama_names()
    {
        await using var server = await ServeAsync(Recorded("chat.json"));
        using var client = Client(server);

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Classify."), new ChatMessage(ChatRole.User, "Order 1234 never arrived.")],
            new ChatOptions
            {
                Temperature = 0f, TopP = 0.8f, TopK = 20, Seed = 13, MaxOutputTokens = 64, StopSequences = ["\n\n"],
                ResponseFormat = ChatResponseFormat.Json,
            });

        var body = server.LastRequest.Json;
        Assert.Equal("llama3.1:8b", body.GetProperty("model").GetString());
        Assert.False(body.GetProperty("stream").GetBoolean());
        Assert.Equal("json", body.GetProperty("format").GetString());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Order 1234 never arrived.", messages[1].GetProperty("content").GetString());

        var options = body.GetProperty("options");
        Assert.Equal(0, options.GetProperty("temperature").GetDouble());
        Assert.Equal(0.8, options.GetProperty("top_p").GetDouble(), 4);
        Assert.Equal(20, options.GetProperty("top_k").GetInt32());
        Assert.Equal(13, options.GetProperty("seed").GetInt32());
        Assert.Equal(64, options.GetProperty("num_predict").GetInt32());
        Assert.Equal(["\n\n"], options.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Json_schema_is_sent_as_the_format()
    {
        await using var server = await ServeAsync(Recorded("chat.json"));
        using var client = Client(server);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"intent":{"type":"string"}},"required":["intent"]}""").RootElement;

        await client.GetResponseAsync("x", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) });

        var format = server.LastRequest.Json.GetProperty("format");
        Assert.Equal("object", format.GetProperty("type").GetString());
        Assert.Equal("intent", format.GetProperty("required")[0].GetString());
    }

    [Fact]
    public async Task Reads_text_finish_reason_and_usage_from_eval_counts()
    {
        await using var server = await ServeAsync(Recorded("chat.json"));
        using var client = Client(server);

        var response = await client.GetResponseAsync("x");

        Assert.Equal("{\"intent\": \"refund_request\"}", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("llama3.1:8b", response.ModelId);
        Assert.Equal(48, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);
        Assert.Equal(57, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Token_limit_is_reported_as_length()
    {
        await using var server = await ServeAsync(Recorded("chat-length.json"));
        using var client = Client(server);

        var response = await client.GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 3 });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Streams_ndjson_chunks_with_usage_from_the_final_chunk()
    {
        await using var server = await ServeAsync(Recorded("chat-stream.ndjson", contentType: "application/x-ndjson"));
        using var client = Client(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x"))
        {
            updates.Add(update);
        }

        Assert.True(server.LastRequest.Json.GetProperty("stream").GetBoolean());
        var response = updates.ToChatResponse();
        Assert.Equal("Label: billing", response.Text);
        Assert.Equal(22, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Missing_model_surfaces_status_and_ollamas_error_text()
    {
        await using var server = await ServeAsync(Recorded("error-model-not-found.json", 404));
        using var client = Client(server, "llama9:70b");

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("ollama", error.Provider);
        Assert.Contains("try pulling it first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_server_surfaces_503_with_retry_after()
    {
        await using var server = await ServeAsync(
            Recorded("error-overloaded.json", 503, headers: new() { ["Retry-After"] = "2" }));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Contains("server busy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_features_and_native_client_are_available()
    {
        await using var server = await ServeAsync(Recorded("chat.json"));
        using var client = Client(server, "qwen2.5:7b");

        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("ollama", metadata?.ProviderName);
        Assert.Equal("qwen2.5:7b", metadata?.DefaultModelId);
        Assert.Equal(JsonModeSupport.Native, client.GetService<ChatProviderFeatures>()?.Json);
        Assert.True(client.GetService<ChatProviderFeatures>()?.Seed);
        Assert.NotNull(client.GetService<OllamaApiClient>());
    }

    [Fact]
    public void Default_endpoint_is_the_local_ollama_port()
    {
        using var client = OllamaProvider.CreateOllamaChatClient("llama3.1:8b");

        Assert.Equal(new Uri("http://127.0.0.1:11434/"), client.GetService<ChatClientMetadata>()?.ProviderUri);
    }

    [Fact]
    public async Task Server_not_running_is_an_http_exception_without_status()
    {
        using var client = OllamaProvider.CreateOllamaChatClient("llama3.1:8b", new Uri($"http://127.0.0.1:{Anthropic.AnthropicProviderTests.ClosedPort()}"));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetResponseAsync("x"));

        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task A_shared_http_client_is_used_unchanged_and_errors_keep_their_details()
    {
        await using var server = await ServeAsync(
            Recorded("error-overloaded.json", 503, headers: new() { ["Retry-After"] = "4" }));
        using var shared = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/") };
        using var client = OllamaProvider.CreateOllamaChatClient("llama3.1:8b", server.BaseAddress, shared);

        var error = await Assert.ThrowsAsync<ProviderHttpException>(() => client.GetResponseAsync("x"));

        Assert.Equal(new Uri("http://127.0.0.1:9/"), shared.BaseAddress);
        Assert.Single(server.Requests);
        Assert.Equal(TimeSpan.FromSeconds(4), error.RetryAfter);
    }
}
