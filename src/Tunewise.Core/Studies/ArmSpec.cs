namespace Tunewise.Studies;

/// <summary>
/// One thing to measure: a model (by its name in the study's <c>models</c>) and an adaptation.
/// An arm without retrieval or fine-tuning is a prompting arm. A baseline arm names no model: it trains a classical
/// classifier instead.
/// </summary>
public sealed record ArmSpec
{
    public const double DefaultTemperature = 0.0;

    public required string Name { get; init; }

    /// <summary>The key of a model in <see cref="Study.Models"/>.</summary>
    public required string Model { get; init; }

    public PromptSpec Prompt { get; init; } = PromptSpec.Default;
    public RetrievalSpec? Retrieval { get; init; }
    public FineTuneSpec? FineTune { get; init; }

    /// <summary>A classical classifier in place of a model; <see cref="Model"/> is then empty.</summary>
    public BaselineSpec? Baseline { get; init; }

    /// <summary>Decoding restricted to the task's labels; null means unconstrained.</summary>
    public OutputConstraint? Constrain { get; init; }

    /// <summary>How many times each example is asked, to measure run-to-run variation.</summary>
    public int Repeat { get; init; } = 1;

    public double Temperature { get; init; } = DefaultTemperature;

    /// <summary>Null means the runner's default for the task kind.</summary>
    public int? MaxTokens { get; init; }

    public ArmKind Kind => Baseline is not null ? ArmKind.Baseline : FineTune is not null ? ArmKind.FineTuning : Retrieval is not null ? ArmKind.Retrieval : ArmKind.Prompting;

    /// <summary>True when the arm cannot run on a test set alone.</summary>
    public bool NeedsTrainingData => FineTune is not null || Baseline is not null || Prompt.FewShot > 0;
}
