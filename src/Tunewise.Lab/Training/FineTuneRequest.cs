using Tunewise.Lab.Lora;
using Tunewise.Lab.Runtime;
using Tunewise.Studies;

namespace Tunewise.Lab.Training;

/// <summary>One fine-tuning job on a lab model: what to train, on which data, how, and where the result goes.</summary>
public sealed record FineTuneRequest
{
    /// <summary>A lab model reference (<c>lab:tw-base</c>, <c>lab:path</c>) or a checkpoint directory.</summary>
    public required string Model { get; init; }

    /// <summary>Chat JSONL or input/expected JSONL (see <see cref="ChatTrainingData"/>).</summary>
    public required string TrainData { get; init; }

    public string? DevData { get; init; }

    public required FineTuneMethod Method { get; init; }

    /// <summary>
    /// Receives the result: a PEFT adapter (LoRA, QLoRA) or a full checkpoint with its tokenizer (full),
    /// plus resumable trainer checkpoints under "checkpoints".
    /// </summary>
    public required string OutputDirectory { get; init; }

    public LoraOptions Lora { get; init; } = new();

    public TrainerOptions Trainer { get; init; } = new();

    /// <summary>Device and dtype of the run: the base model's weights, activations and, for full fine-tuning, the trained weights.</summary>
    public LabCompute Compute { get; init; } = LabCompute.Default;

    /// <summary>Longest training sequence; what happens to a longer one is <see cref="TooLong"/>.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>
    /// A sequence over <see cref="MaxTokens"/>: cut (the start of its prompt) or refused. A study's fine-tuning arms fit their
    /// sequences to the model's context (the arm's truncate policy) before they reach here, so cutting is their default;
    /// <c>tunewise lab train</c> refuses unless told.
    /// </summary>
    public LongSequencePolicy TooLong { get; init; } = LongSequencePolicy.Cut;
}
