namespace Tunewise.FineTuning.Planning;

/// <summary>Which tensors of the forward pass stay in memory until the backward pass has used them.</summary>
public enum ActivationRetention
{
    /// <summary>Only what autograd saves for the backward pass, as PyTorch frees the rest (Korthikanti et al. 2022).</summary>
    SavedForBackward,

    /// <summary>
    /// Every tensor the forward pass creates, intermediates included. The lab engine runs each micro-batch
    /// in one TorchSharp dispose scope, which releases the tensors created in it only when the step ends.
    /// </summary>
    EveryForwardTensor,
}
