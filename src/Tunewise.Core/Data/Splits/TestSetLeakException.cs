namespace Tunewise.Data.Splits;

/// <summary>
/// Refusal to use test examples for training or demonstrations: evaluation is built before training,
/// and the frozen test set must stay unseen. Names the purpose and the offending ids.
/// </summary>
public sealed class TestSetLeakException : UserInputException
{
    public TestSetLeakException(string purpose, IReadOnlyList<TestSetLeak> leaks)
        : base(Compose(purpose, leaks))
    {
        Purpose = purpose;
        Leaks = leaks;
    }

    public string Purpose { get; }

    public IReadOnlyList<TestSetLeak> Leaks { get; }

    public IReadOnlyList<string> OffendingIds => Leaks.Select(l => l.Id).ToArray();

    private static string Compose(string purpose, IReadOnlyList<TestSetLeak> leaks)
    {
        const int shown = 10;
        var listed = string.Join(", ", leaks.Take(shown).Select(l => l.ToString()));
        var more = leaks.Count > shown ? $" and {leaks.Count - shown} more" : string.Empty;
        return $"refusing to use {leaks.Count} frozen test example(s) as {purpose}: {listed}{more}. "
            + "The test set is held out so its scores stay honest; remove these examples (tunewise data check --against shows them).";
    }
}
