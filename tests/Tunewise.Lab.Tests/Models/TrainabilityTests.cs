using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Models;

public class TrainabilityTests
{
    [Fact]
    public void A_few_adam_steps_fit_a_fixed_sequence()
    {
        using var model = TinyModels.Create(seed: 2);
        model.train();
        var optimizer = optim.Adam(model.parameters(), 0.01);
        long[] sequence = [1, 10, 20, 30, 40, 50, 60, 70, 80, 2];
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(sequence, [1, sequence.Length]);
            var logits = model.call(ids.narrow(1, 0, sequence.Length - 1));
            var loss = nn.functional.cross_entropy(logits.reshape(-1, 300), ids.narrow(1, 1, sequence.Length - 1).reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }
        Assert.True(first > 5, $"initial loss {first} should be near ln(300)");
        Assert.True(last < first / 5, $"loss went from {first} to {last}");
    }
}
