namespace Tunewise.Lab.Training;

/// <summary>Linear warm-up to the peak rate, then cosine decay to <c>minRatio</c> of it at the last step.</summary>
public static class LearningRateSchedule
{
    /// <param name="step">Zero-based optimizer step about to be taken.</param>
    public static double WarmupCosine(int step, int totalSteps, int warmupSteps, double peak, double minRatio = 0.1)
    {
        if (totalSteps <= 0) return peak;
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        var decaySteps = Math.Max(1, totalSteps - warmupSteps);
        var progress = Math.Clamp((double)(step - warmupSteps) / decaySteps, 0, 1);
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
