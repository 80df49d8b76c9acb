namespace Tunewise.Results;

/// <summary>
/// What a fine-tuning arm's large training set was predicted to reach before it was trained on: the arm trained on
/// nested subsets of it, each scored on the dev set, a power law fitted to those scores and read at the full size, and,
/// once the full model is trained, its own dev score beside the prediction. Dev, not test: the forecast is made before
/// the arm is evaluated, and the test set is asked only once, by the full model.
/// </summary>
public sealed record FineTuneForecast
{
    /// <summary>The primary metric the forecast scores (higher is better, in [0, 1]).</summary>
    public required string Metric { get; init; }

    /// <summary>The full training set the prediction is for.</summary>
    public int TrainExamples { get; init; }

    /// <summary>The arm's <c>forecast_above</c> threshold that this training set reached.</summary>
    public int Threshold { get; init; }

    /// <summary>Dev examples each subset's model (and the full one) was scored on.</summary>
    public int DevExamples { get; init; }

    /// <summary>One point per subset trained, scored on dev, in order of size.</summary>
    public IReadOnlyList<LearningCurvePoint> Points { get; init; } = [];

    /// <summary>Seconds of training the subsets took, summed.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Stop reason of each subset's training, in the order of <see cref="Points"/> (a time budget caps each one).</summary>
    public IReadOnlyList<string?> StopReasons { get; init; } = [];

    /// <summary>The prediction at <see cref="TrainExamples"/>, set once every subset is measured; null before.</summary>
    public LearningCurvePrediction? Prediction { get; init; }

    /// <summary>The full model's dev score, set after it trained: what the prediction is judged against.</summary>
    public LearningCurvePoint? Measured { get; init; }
}
