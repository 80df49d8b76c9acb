namespace Tunewise.FineTuning.Planning;

/// <summary>The decoder projections LoRA can adapt, combinable as flags.</summary>
[Flags]
public enum LoraTarget
{
    None = 0,
    Q = 1,
    K = 2,
    V = 4,
    O = 8,
    Gate = 16,
    Up = 32,
    Down = 64,

    /// <summary>The LoRA paper's default: query and value projections.</summary>
    QueryValue = Q | V,

    /// <summary>Every linear layer of the decoder, as QLoRA recommends.</summary>
    AllLinear = Q | K | V | O | Gate | Up | Down,
}
