namespace Tunewise.Lab.Lora;

/// <summary>
/// LoRA hyper-parameters (Hu et al. 2021). The update is ΔW = B·A·(<see cref="Alpha"/>/<see cref="Rank"/>).
/// <see cref="TargetModules"/> holds projection names: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj.
/// </summary>
public sealed record LoraOptions
{
    public static readonly IReadOnlyList<string> AllProjections =
        ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    public int Rank { get; init; } = 8;

    public double Alpha { get; init; } = 16;

    public double Dropout { get; init; } = 0.05;

    /// <summary>PEFT's default for Llama models: the query and value projections.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["q_proj", "v_proj"];

    /// <summary>Seeds the initial A matrices, so the same options give the same adapter in every process.</summary>
    public long InitSeed { get; init; } = 13;

    public double Scaling => Alpha / Rank;

    public void Validate()
    {
        if (Rank < 1) throw new ArgumentOutOfRangeException(nameof(Rank), Rank, "LoRA rank must be at least 1.");
        if (Alpha <= 0) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "LoRA alpha must be positive.");
        if (Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "LoRA dropout must be in [0, 1).");
        if (TargetModules.Count == 0) throw new ArgumentException("LoRA needs at least one target module.", nameof(TargetModules));
        foreach (var name in TargetModules)
        {
            if (!AllProjections.Contains(name))
                throw new ArgumentException($"Unknown LoRA target module '{name}'; expected one of {string.Join(", ", AllProjections)}.", nameof(TargetModules));
        }
    }
}
