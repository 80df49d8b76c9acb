namespace Tunewise.Data.Splits;

/// <summary>
/// Fractions for the dev and test splits (the rest is train), the seed, and optionally the field to
/// stratify on (each label keeps its share in every split).
/// </summary>
public sealed record SplitOptions(double Dev = 0.1, double Test = 0.2, int Seed = 13, string? StratifyField = null)
{
    public void Validate()
    {
        if (Dev < 0 || Test < 0 || Dev + Test >= 1)
        {
            throw new UserInputException($"split fractions must be ≥ 0 and leave room for training data: dev {Dev} + test {Test} must be < 1");
        }
    }
}
