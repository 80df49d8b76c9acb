namespace Tunewise.Lab.Generation;

/// <summary>Picks the next token from logits: argmax, or temperature / top-k / top-p sampling with its own seeded RNG.</summary>
internal sealed class TokenSampler(GenerationOptions options)
{
    private readonly Random _random = options.Seed is { } seed ? new Random(seed) : new Random();

    public int Next(ReadOnlySpan<float> logits)
    {
        if (options.Temperature <= 0) return ArgMax(logits);
        var candidates = new (int Id, double Logit)[logits.Length];
        for (int i = 0; i < logits.Length; i++) candidates[i] = (i, logits[i] / options.Temperature);
        Array.Sort(candidates, (a, b) => b.Logit.CompareTo(a.Logit));
        int keep = candidates.Length;
        if (options.TopK is > 0 and var k) keep = Math.Min(keep, k);
        double max = candidates[0].Logit;
        var weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) total += weights[i] = Math.Exp(candidates[i].Logit - max);
        if (options.TopP is > 0 and < 1 and var p)
        {
            double cumulative = 0;
            for (int i = 0; i < keep; i++)
            {
                cumulative += weights[i] / total;
                if (cumulative >= p)
                {
                    keep = i + 1;
                    break;
                }
            }
            total = weights.Take(keep).Sum();
        }
        double draw = _random.NextDouble() * total;
        for (int i = 0; i < keep; i++)
        {
            draw -= weights[i];
            if (draw <= 0) return candidates[i].Id;
        }
        return candidates[keep - 1].Id;
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
