using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Providers;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Providers;

/// <summary><c>constrain: labels</c> against an OpenAI-compatible server: a strict JSON-schema enum goes out, the bare label comes back.</summary>
public class ConstrainedChatCompletionsTests
{
    private static readonly string[] Labels = ["translate", "weather", "pay \"bill\""];

    private static string Completion(string content) =>
        """{"id":"c1","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"""
        + System.Text.Json.JsonSerializer.Serialize(content, Tunewise.Serialization.CoreJsonContext.Default.String)
        + """},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""";

    private static IChatClient Client(Uri endpoint) =>
        new ModelProviderRegistry().Register(OpenAIProvider.CompatibleName, OpenAIProvider.CreateCompatible)
            .CreateClient(new ModelReference(OpenAIProvider.CompatibleName, "m") { BaseUrl = endpoint.ToString() }, new ModelContext());

    [Fact]
    public async Task The_request_carries_the_labels_as_a_strict_enum_schema_and_the_answer_is_the_bare_label()
    {
        await using var server = await ReplayServer.StartAsync("/v1/chat/completions", new ReplayResponse(200, Completion("{\"label\": \"weather\"}")));
        using var client = Client(new Uri(server.BaseAddress, "v1"));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "will it rain")], new ChatOptions { Temperature = 0 }.WithAllowedOutputs(Labels));

        Assert.Equal("weather", response.Text);
        var body = Assert.Single(server.Requests).Json;
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        var schema = format.GetProperty("json_schema").GetProperty("schema");
        Assert.Equal(["label"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var label = schema.GetProperty("properties").GetProperty("label");
        Assert.Equal(Labels, label.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("tunewise", server.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unconstrained_call_sends_no_schema_and_an_answer_outside_the_schema_is_kept_as_written()
    {
        await using var server = await ReplayServer.StartAsync("/v1/chat/completions", new ReplayResponse(200, Completion("weather, probably")));
        using var client = Client(new Uri(server.BaseAddress, "v1"));

        var free = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "will it rain")], new ChatOptions { Temperature = 0 });
        var constrained = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "will it rain")], new ChatOptions { Temperature = 0 }.WithAllowedOutputs(Labels));

        Assert.False(server.Requests[0].Json.TryGetProperty("response_format", out _));
        Assert.Equal("weather, probably", free.Text);
        Assert.Equal("weather, probably", constrained.Text);
    }

    [Fact]
    public async Task Providers_without_constrained_decoding_refuse_the_call()
    {
        var options = new ChatOptions().WithAllowedOutputs(Labels);
        var registry = ModelProviderRegistry.CreateDefault();
        using var ollama = registry.CreateClient(new ModelReference("ollama", "llama3") { BaseUrl = "http://127.0.0.1:9/" }, new ModelContext());
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => ollama.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options));
        Assert.Contains("constrain: labels", error.Message);
    }
}
