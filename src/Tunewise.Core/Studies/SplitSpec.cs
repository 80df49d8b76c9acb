namespace Tunewise.Studies;

/// <summary>
/// How a single <c>task.data</c> file is cut into train, dev and test. <see cref="Dev"/> and
/// <see cref="Test"/> are fractions of all examples; the rest is train.
/// </summary>
public sealed record SplitSpec(double Dev, double Test, int Seed, bool Stratify)
{
    public const double DefaultDev = 0.1;
    public const double DefaultTest = 0.2;
    public const int DefaultSeed = 13;

    public static SplitSpec Default { get; } = new(DefaultDev, DefaultTest, DefaultSeed, Stratify: true);
}
