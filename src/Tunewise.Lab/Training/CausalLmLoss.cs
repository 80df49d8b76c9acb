using static TorchSharp.torch;

namespace Tunewise.Lab.Training;

/// <summary>
/// Next-token cross-entropy: position t's logits predict label t+1; labels of -100 are skipped. Computed in
/// fp32 whatever the model's dtype (bf16 logits would round the log-softmax).
/// </summary>
public static class CausalLmLoss
{
    public static Tensor Mean(Tensor logits, Tensor labels)
    {
        var (flatLogits, flatLabels) = Shift(logits, labels);
        return nn.functional.cross_entropy(flatLogits, flatLabels, ignore_index: TokenizedExample.IgnoreLabel);
    }

    public static (Tensor Sum, long Tokens) Sum(Tensor logits, Tensor labels)
    {
        var (flatLogits, flatLabels) = Shift(logits, labels);
        var tokens = flatLabels.ne(TokenizedExample.IgnoreLabel).sum().item<long>();
        var sum = nn.functional.cross_entropy(flatLogits, flatLabels, ignore_index: TokenizedExample.IgnoreLabel, reduction: nn.Reduction.Sum);
        return (sum, tokens);
    }

    private static (Tensor Logits, Tensor Labels) Shift(Tensor logits, Tensor labels)
    {
        var vocabulary = logits.shape[^1];
        var time = logits.shape[1];
        var predicted = logits[.., ..(int)(time - 1), ..].reshape(-1, vocabulary);
        if (predicted.dtype != ScalarType.Float32) predicted = predicted.to_type(ScalarType.Float32);
        var targets = labels[.., 1..].reshape(-1);
        return (predicted, targets);
    }
}
