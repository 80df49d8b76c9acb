namespace Tunewise.Studies;

/// <summary>
/// Prices in-process models (lab, GGUF) and baseline classifiers by the compute they measurably use: wall-clock seconds × a machine's
/// price per hour. The default is the on-demand list price of a 2-vCPU cloud machine, the size Tunewise's
/// default study targets. It is a price, like <see cref="ModelPrice"/>: an input that measurement turns into cost.
/// </summary>
public sealed record LocalCompute(decimal UsdPerHour, string Source)
{
    public static LocalCompute Default { get; } = new(0.0893m,
        "AWS EC2 on-demand list price, c7i.large (2 vCPU, 4 GiB), us-east-1, Linux: $0.0893/hour (aws.amazon.com/ec2/pricing/on-demand; not re-checked at run time)");

    private static readonly HashSet<string> LocalProviders = new(StringComparer.Ordinal) { ModelProviders.Lab, ModelProviders.Gguf, ModelProviders.Baseline };

    public static bool IsLocal(string provider) => LocalProviders.Contains(provider);

    public decimal Cost(double seconds) => (decimal)seconds * UsdPerHour / 3600m;
}
