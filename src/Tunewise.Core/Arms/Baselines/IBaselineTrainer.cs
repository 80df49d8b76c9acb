using Tunewise.Studies;

namespace Tunewise.Arms.Baselines;

/// <summary>
/// Trains the classical classifiers of baseline arms. The core declares it and the engine that implements it
/// (ML.NET, in Tunewise.Baselines) is registered at start-up, as the lab and GGUF engines are.
/// </summary>
public interface IBaselineTrainer
{
    /// <summary>Why this build cannot train baselines (for example a native build without a JIT), or null when it can.</summary>
    string? UnavailableReason { get; }

    /// <summary>Trains on <paramref name="train"/>; throws <see cref="UserInputException"/> when training cannot start.</summary>
    ITextClassifier Train(BaselineSpec spec, IReadOnlyList<LabelledText> train, CancellationToken cancellationToken);
}
