using Microsoft.Extensions.AI;
using Tunewise.LlamaCpp.Grammars;
using Tunewise.Models;

namespace Tunewise.LlamaCpp.Tests.Grammars;

/// <summary>constrain: labels on a GGUF model: the tiny model's random weights say anything, unless the grammar allows only labels.</summary>
public sealed class ChoiceGrammarTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    private static readonly string[] Labels = ["billing", "refund", "pay", "pay_bill", "lost \"card\""];

    [Fact]
    public void The_grammar_is_an_alternation_of_escaped_literals()
    {
        Assert.Equal("root ::= \"billing\" | \"refund\" | \"pay\" | \"pay_bill\" | \"lost \\\"card\\\"\"\n", ChoiceGrammar.For(Labels));
        Assert.Throws<ArgumentException>(() => ChoiceGrammar.For([""]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Only_labels_come_out_when_the_call_is_constrained(int seed)
    {
        using var client = LlamaCppProvider.CreateGgufChatClient(model.Path);
        var options = new ChatOptions { Temperature = 1f, Seed = seed, MaxOutputTokens = 24 };

        var constrained = await client.GetResponseAsync("which one", options.Clone().WithAllowedOutputs(Labels));
        var free = await client.GetResponseAsync("which one", options.Clone());

        Assert.Contains(constrained.Text, Labels);
        Assert.Equal(ChatFinishReason.Stop, constrained.FinishReason);
        Assert.DoesNotContain(free.Text, Labels);
    }
}
