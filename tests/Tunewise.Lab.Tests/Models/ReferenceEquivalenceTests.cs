using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Models;

public class ReferenceEquivalenceTests
{
    public static TheoryData<bool, string?> Variants => new()
    {
        { false, null }, { true, null }, { false, "linear" }, { false, "llama3" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Logits_and_greedy_tokens_match_a_naive_implementation(bool tied, string? scaling)
    {
        var rope = scaling switch
        {
            "linear" => new RopeScaling("linear", 2.0),
            "llama3" => new RopeScaling("llama3", 8.0, 1.0, 4.0, 16),
            _ => null,
        };
        using var model = TinyModels.Create(seed: 11, tied: tied, scaling: rope);
        var weights = model.state_dict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());
        var naive = new NaiveLlama(model.Config, weights);
        int[] tokens = [1, 17, 250, 3, 99, 42, 7, 180];

        var expected = naive.Logits(tokens);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var actual = model.call(tensor(tokens.Select(t => (long)t).ToArray(), [1, tokens.Length]));
        var values = actual.data<float>().ToArray();
        int vocab = model.Config.VocabSize;
        for (int t = 0; t < tokens.Length; t++)
        {
            for (int v = 0; v < vocab; v++) Assert.True(Math.Abs(expected[t][v] - values[t * vocab + v]) < 1e-4,
                $"position {t}, token {v}: naive {expected[t][v]}, model {values[t * vocab + v]}");
            int naiveArgmax = Array.IndexOf(expected[t], expected[t].Max());
            int modelArgmax = (int)actual[0, t].argmax().item<long>();
            Assert.Equal(naiveArgmax, modelArgmax);
        }
    }
}
