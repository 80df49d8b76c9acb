using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Export;

/// <summary>The training run an export pack configures.</summary>
public sealed record ExportPlan
{
    /// <summary>The Hugging Face repository id or local path of the base model.</summary>
    public required string BaseModel { get; init; }

    public FineTuneMethod Method { get; init; } = FineTuneMethod.Lora;
    public int LoraRank { get; init; } = 16;
    public int LoraAlpha { get; init; } = 32;
    public double LoraDropout { get; init; } = 0.05;
    public LoraTarget LoraTargets { get; init; } = LoraTarget.QueryValue;
    public double Epochs { get; init; } = 3;
    public double LearningRate { get; init; } = 2e-4;
    public int SequenceLength { get; init; } = 2048;
    public int MicroBatchSize { get; init; } = 2;
    public int GradientAccumulationSteps { get; init; } = 4;

    /// <summary>A DeepSpeed JSON config to name in the pack (multi-GPU runs); its path is written as given.</summary>
    public string? DeepSpeedConfig { get; init; }

    /// <summary>LLaMA-Factory chat template name (llama3, qwen, mistral, …); "default" when not known.</summary>
    public string? ChatTemplate { get; init; }

    public string OutputDir { get; init; } = "outputs";

    /// <summary>Hyperparameters the user can get wrong fail here, before any file is written.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BaseModel)) problems.Add("base model is empty");
        if (Epochs <= 0) problems.Add($"epochs is {Epochs}, expected > 0");
        if (LearningRate <= 0) problems.Add($"learning rate is {LearningRate}, expected > 0");
        if (SequenceLength <= 0) problems.Add($"sequence length is {SequenceLength}, expected > 0");
        if (MicroBatchSize <= 0 || GradientAccumulationSteps <= 0) problems.Add("batch size and gradient accumulation must be positive");
        if (Method != FineTuneMethod.Full)
        {
            if (LoraRank <= 0) problems.Add($"LoRA rank is {LoraRank}, expected > 0");
            if (LoraAlpha <= 0) problems.Add($"LoRA alpha is {LoraAlpha}, expected > 0");
            if (LoraDropout is < 0 or >= 1) problems.Add($"LoRA dropout is {LoraDropout}, expected in [0, 1)");
            if (LoraTargets == LoraTarget.None) problems.Add("no LoRA target modules");
        }

        if (problems.Count > 0)
        {
            throw new UserInputException($"Invalid export plan: {string.Join("; ", problems)}.");
        }
    }
}
