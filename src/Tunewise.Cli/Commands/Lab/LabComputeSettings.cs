using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Runtime;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>The device and precision options of the lab commands that load a model (<c>--device</c>, <c>--dtype</c>).</summary>
public abstract class LabComputeSettings : CommandSettings
{
    [CommandOption("--device <DEVICE>")]
    [Description("cpu, cuda or auto (cuda when torch sees one, else cpu). cuda needs the CUDA build of TorchSharp (docs/lab-engine.md).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--dtype <TYPE>")]
    [Description("fp32 or bf16: the precision of the weights and activations.")]
    [DefaultValue("fp32")]
    public string DType { get; init; } = "fp32";

    public LabCompute Compute => LabCompute.Parse(Device, DType);

    /// <summary>The refusal of an unknown device or precision, or of cuda on a machine without it; null when they are fine.</summary>
    protected ValidationResult? ComputeError()
    {
        try
        {
            _ = Compute;
            return null;
        }
        catch (UserInputException ex)
        {
            return ValidationResult.Error(ex.Message);
        }
    }
}
