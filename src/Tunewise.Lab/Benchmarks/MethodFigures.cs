namespace Tunewise.Lab.Benchmarks;

/// <summary>What one fine-tuning method cost on the benchmark model.</summary>
/// <param name="PeakAboveBaselineBytes">VmHWM during training minus RSS before the model was built.</param>
/// <param name="WeightBytes">All weights as held (NF4 codes and scales for quantized projections).</param>
/// <param name="OptimizerBytes">AdamW's two moment tensors per trainable parameter.</param>
/// <param name="FrozenProjectionBytes">Bytes held by the seven projections' frozen weights.</param>
/// <param name="FrozenProjectionFp32Bytes">The same weights in fp32.</param>
public sealed record MethodFigures(
    string Method,
    double StepSeconds,
    long PeakResidentBytes,
    long PeakAboveBaselineBytes,
    long TrainableParameters,
    long WeightBytes,
    long GradientBytes,
    long OptimizerBytes,
    long FrozenProjectionBytes,
    long FrozenProjectionFp32Bytes)
{
    public long TensorBytes => WeightBytes + GradientBytes + OptimizerBytes;
}
