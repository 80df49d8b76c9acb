using Microsoft.Extensions.AI;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Models;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Generation;

/// <summary>Label-constrained decoding on a tiny random checkpoint: whatever the weights prefer, only a label can come out.</summary>
public sealed class OutputTrieTests : IDisposable
{
    // "pay" is a prefix of "pay_bill": the trie must allow stopping after it and going on.
    private static readonly string[] Labels = ["weather", "music", "pay", "pay_bill", "account balance"];

    private static readonly string[] Prompts =
    [
        "what will it be like tomorrow", "play something", "Intent:", "x", "the end of the line and more words to read", "pay my bill please",
        "how much is in my account", "zzzz", "Message: hello\nIntent:",
    ];

    private readonly TempDirectory _temp = new();
    private readonly LlamaModel _model;
    private readonly TextGenerator _generator;

    public OutputTrieTests()
    {
        RandomCheckpoint.Write(_temp.Path, layers: 1, hiddenSize: 32, seed: 11);
        _model = LlamaModel.Load(_temp.Path);
        _generator = new TextGenerator(_model, LabTokenizer.Load(_temp.Path));
    }

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Only_labels_come_out_of_a_constrained_batch_and_not_otherwise()
    {
        var prompts = Prompts.Select(p => (IReadOnlyList<int>)_generator.Tokenizer.Encode(p)).ToList();
        var free = _generator.GenerateBatch(prompts, new GenerationOptions { MaxNewTokens = 8 });
        var constrained = _generator.GenerateBatch(prompts, new GenerationOptions { MaxNewTokens = 8, AllowedOutputs = Labels });

        // A random model left to itself says anything; constrained, it says a label and stops.
        Assert.Contains(free, r => !Labels.Contains(r.Text));
        Assert.All(constrained, r => Assert.Contains(r.Text, Labels));
        Assert.All(constrained, r => Assert.Equal("stop", r.FinishReason));
    }

    [Fact]
    public void Sampled_constrained_outputs_are_labels_too()
    {
        var options = new GenerationOptions { MaxNewTokens = 8, AllowedOutputs = Labels, Temperature = 1.5, Seed = 3 };
        foreach (var prompt in Prompts)
            Assert.Contains(_generator.Generate(_generator.Tokenizer.Encode(prompt), options).Text, Labels);
    }

    [Fact]
    public async Task The_chat_client_constrains_a_call_that_asks_and_only_that_call()
    {
        using var client = LabModels.CreateChatClient(_temp.Path);
        var asked = await Task.WhenAll(Prompts.Select(p => client.GetResponseAsync([new ChatMessage(ChatRole.User, p)],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }.WithAllowedOutputs(Labels))));
        var free = await Task.WhenAll(Prompts.Select(p => client.GetResponseAsync([new ChatMessage(ChatRole.User, p)],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 8 })));

        Assert.All(asked, r => Assert.Contains(r.Text, Labels));
        Assert.Contains(free, r => !Labels.Contains(r.Text));
    }
}
