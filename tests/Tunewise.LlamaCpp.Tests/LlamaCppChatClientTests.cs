using System.Text.Json;
using LLama;
using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Providers;

namespace Tunewise.LlamaCpp.Tests;

// The tiny model's weights are random, so its text is noise: these tests assert the mechanics
// (template, token counts, limits, determinism, grammar), never the content.
public sealed class LlamaCppChatClientTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private IChatClient Client() => LlamaCppProvider.CreateGgufChatClient(model.Path);

    [Fact]
    public async Task Usage_counts_the_prompt_built_with_the_models_own_chat_template()
    {
        using var client = Client();

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hello there")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });

        var weights = client.GetService<LLamaWeights>()!;
        var expectedPrompt = "<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhello there<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(weights.Tokenize(expectedPrompt, false, true, System.Text.Encoding.UTF8).Length, response.Usage?.InputTokenCount);
        Assert.InRange(response.Usage!.OutputTokenCount!.Value, 1, 4);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task A_base_model_without_a_chat_template_continues_plain_text_in_completion_mode()
    {
        using var dir = new Tunewise.Testing.TempDirectory();
        var path = await TinyLlamaModel.WriteAsync(dir.File("base.gguf"), chatTemplate: false);
        using var client = LlamaCppProvider.CreateGgufChatClient(path);
        const string text = "hello there";

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, text)],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 4 }.WithRawCompletion());
        var again = await client.GetResponseAsync([new ChatMessage(ChatRole.User, text)],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 4 }.WithRawCompletion());

        var weights = client.GetService<LLamaWeights>()!;
        Assert.Equal(weights.Tokenize(text, false, true, System.Text.Encoding.UTF8).Length, response.Usage?.InputTokenCount);
        Assert.Equal(response.Text, again.Text);
        Assert.Equal(response.Usage!.InputTokenCount, LlamaCppProvider.OpenContextWindow(path).CountText(text));
        // Without completion mode the same model cannot be asked: it has no template to format a conversation.
        var chat = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, text)], new ChatOptions { MaxOutputTokens = 2 }));
        Assert.Contains("no chat template", chat.Message);
    }

    [Fact]
    public async Task Max_tokens_is_respected_and_reported_as_length()
    {
        using var client = Client();

        var response = await client.GetResponseAsync("count", new ChatOptions { Temperature = 0, MaxOutputTokens = 6 });

        Assert.True(response.Usage?.OutputTokenCount <= 6);
        if (response.Usage?.OutputTokenCount == 6)
        {
            Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        }
        else
        {
            Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        }
    }

    [Fact]
    public async Task Greedy_and_seeded_sampling_repeat_exactly()
    {
        using var client = Client();
        var greedy = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 };
        var seeded = new ChatOptions { Temperature = 1.0f, TopK = 50, TopP = 0.95f, Seed = 1234, MaxOutputTokens = 12 };

        Assert.Equal((await client.GetResponseAsync("a", greedy)).Text, (await client.GetResponseAsync("a", greedy)).Text);
        Assert.Equal((await client.GetResponseAsync("a", seeded)).Text, (await client.GetResponseAsync("a", seeded)).Text);
    }

    [Fact]
    public async Task Stop_sequence_cuts_the_text_before_it()
    {
        using var client = Client();
        var free = await client.GetResponseAsync("go", new ChatOptions { Temperature = 0, MaxOutputTokens = 24 });
        var text = free.Text;
        Assert.True(text.Length >= 6, $"the tiny model produced too little text to pick a stop sequence from: '{text}'");
        var stop = text.Substring(text.Length / 2, 2);
        var expected = text[..text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await client.GetResponseAsync("go", new ChatOptions { Temperature = 0, MaxOutputTokens = 24, StopSequences = [stop] });

        Assert.Equal(expected, stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task Streaming_yields_the_same_text_and_usage_as_a_whole_response()
    {
        using var client = Client();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 10 };

        var whole = await client.GetResponseAsync("stream", options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("stream", options))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.Usage?.OutputTokenCount, streamed.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Json_format_constrains_output_to_a_json_object()
    {
        using var client = Client();

        var response = await client.GetResponseAsync("json", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.Json, Temperature = 0.7f, Seed = 5, MaxOutputTokens = 120,
        });

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        using var document = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public async Task Json_schema_constrains_keys_types_and_enums()
    {
        using var client = Client();
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
               "label":{"enum":["billing","refund"]},
               "ok":{"type":"boolean"},
               "score":{"type":"integer"}},
             "required":["label","ok"]}
            """).RootElement;

        var response = await client.GetResponseAsync("json", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), Temperature = 0.9f, Seed = 11, MaxOutputTokens = 60,
        });

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var root = JsonDocument.Parse(response.Text).RootElement;
        Assert.Contains(root.GetProperty("label").GetString(), new[] { "billing", "refund" });
        Assert.True(root.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "label", "ok", "score" }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Nested_schemas_with_arrays_unions_and_optional_members_are_followed(int seed)
    {
        using var client = Client();
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
               "tags":{"type":"array","items":{"type":"string","enum":["x","y"]}},
               "inner":{"type":"object","properties":{"n":{"type":["integer","null"]}}},
               "kind":{"anyOf":[{"const":"a"},{"type":"number"}]}},
             "required":["tags","kind"]}
            """).RootElement;

        var response = await client.GetResponseAsync("json", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), Temperature = 0.9f, Seed = seed, MaxOutputTokens = 100,
        });

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var root = JsonDocument.Parse(response.Text).RootElement;
        Assert.All(root.GetProperty("tags").EnumerateArray(), t => Assert.Contains(t.GetString(), new[] { "x", "y" }));
        var kind = root.GetProperty("kind");
        Assert.True(kind.ValueKind == JsonValueKind.Number || kind.GetString() == "a");
        if (root.TryGetProperty("inner", out var inner) && inner.TryGetProperty("n", out var n))
        {
            Assert.True(n.ValueKind == JsonValueKind.Null || n.TryGetInt64(out _));
        }

        Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "tags", "inner", "kind" }));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Objects_with_only_optional_members_may_start_with_any_of_them(int seed)
    {
        using var client = Client();
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":"null"},"c":{"const":7}}}""").RootElement;

        var response = await client.GetResponseAsync("json", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), Temperature = 1f, Seed = seed, MaxOutputTokens = 60,
        });

        var root = JsonDocument.Parse(response.Text).RootElement;
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(names, name => Assert.Contains(name, new[] { "a", "b", "c" }));
        if (root.TryGetProperty("c", out var c))
        {
            Assert.Equal(7, c.GetInt32());
        }
    }

    [Fact]
    public async Task Concurrent_calls_on_shared_weights_each_get_their_own_context()
    {
        using var client = Client();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 8 };

        var texts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync("same", options)));

        Assert.Single(texts.Select(t => t.Text).Distinct());
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_refused_with_both_sizes()
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetResponseAsync(new string('q', TinyLlamaModel.ContextLength * 2)));

        Assert.Contains($"holds {TinyLlamaModel.ContextLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_generation()
    {
        using var client = Client();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 50 }, cancellation.Token));
    }

    [Fact]
    public void Weights_are_loaded_once_per_file_and_metadata_names_the_model()
    {
        using var first = Client();
        using var second = Client();

        Assert.Same(first.GetService<LLamaWeights>(), second.GetService<LLamaWeights>());
        var metadata = first.GetService<ChatClientMetadata>();
        Assert.Equal("gguf", metadata?.ProviderName);
        Assert.Equal("tiny.gguf", metadata?.DefaultModelId);
        Assert.Equal(JsonModeSupport.Grammar, first.GetService<ChatProviderFeatures>()?.Json);
    }
}
