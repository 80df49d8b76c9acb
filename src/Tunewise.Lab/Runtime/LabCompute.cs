using TorchSharp;
using static TorchSharp.torch;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// Where and at which precision a lab model runs: <c>device</c> (<c>cpu</c>, <c>cuda</c>, or <c>auto</c>: cuda
/// when torch sees a CUDA device, else cpu) and <c>dtype</c> (<c>fp32</c> or <c>bf16</c> weights and
/// activations). Asking for cuda where there is none is an error naming the option, never a quiet fall-back
/// to the CPU.
/// </summary>
public sealed record LabCompute
{
    public static readonly IReadOnlyList<string> Devices = ["cpu", "cuda", "auto"];
    public static readonly IReadOnlyList<string> DTypes = ["fp32", "bf16"];

    /// <summary>CPU at fp32: the lab's default.</summary>
    public static LabCompute Default { get; } = new();

    public string Device { get; init; } = "cpu";

    public string DType { get; init; } = "fp32";

    /// <summary>Validates both options; <paramref name="where"/> prefixes the option names in errors (a study path or "--").</summary>
    public static LabCompute Parse(string? device, string? dtype, string where = "--")
    {
        string d = (device ?? "cpu").Trim().ToLowerInvariant(), t = (dtype ?? "fp32").Trim().ToLowerInvariant();
        if (!Devices.Contains(d))
            throw new UserInputException($"{where}device is '{device}'; expected one of {string.Join(", ", Devices)}.");
        if (!DTypes.Contains(t))
            throw new UserInputException($"{where}dtype is '{dtype}'; expected one of {string.Join(", ", DTypes)}.");
        return new LabCompute { Device = d, DType = t };
    }

    public ScalarType ScalarType => DType == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>The torch device to run on.</summary>
    /// <exception cref="UserInputException">cuda was asked for and torch sees no CUDA device.</exception>
    public Device ResolveDevice()
    {
        TorchRuntime.EnsureLoadable();
        bool available = cuda.is_available();
        switch (Device)
        {
            case "cpu":
                return CPU;
            case "auto":
                return available ? CUDA : CPU;
            default:
                if (!available)
                {
                    throw new UserInputException(
                        "device: cuda was asked for, but torch sees no CUDA device. Tunewise ships the CPU build of TorchSharp " +
                        "(package TorchSharp-cpu); on a machine with an NVIDIA GPU, swap it for TorchSharp-cuda-linux (docs/lab-engine.md, " +
                        "\"Devices and precision\"), or set device: cpu or auto.");
                }
                return CUDA;
        }
    }

    /// <summary>The resolved device's name, as reports and logs show it ("cpu", "cuda").</summary>
    public string ResolvedDeviceName() => ResolveDevice().type == DeviceType.CUDA ? "cuda" : "cpu";

    public override string ToString() => $"device {Device}, dtype {DType}";
}
