namespace Tunewise.Data.Splits;

/// <summary>
/// Enforces "evaluation is built before training": built from the frozen test set, it refuses any
/// example that is a test example, by id or by identical (normalised) content, wherever examples are
/// about to be used for training or as few-shot demonstrations.
/// </summary>
public sealed class TestSetGuard
{
    private readonly HashSet<string> _ids;
    private readonly HashSet<string> _contentHashes;

    public TestSetGuard(FrozenTestSet frozen)
    {
        Frozen = frozen;
        _ids = new HashSet<string>(frozen.Ids, StringComparer.Ordinal);
        _contentHashes = new HashSet<string>(frozen.ContentHashes, StringComparer.Ordinal);
    }

    public FrozenTestSet Frozen { get; }

    /// <summary>Test examples among <paramref name="examples"/>.</summary>
    public IReadOnlyList<TestSetLeak> FindLeaks(IEnumerable<Example> examples)
    {
        var leaks = new List<TestSetLeak>();
        foreach (var example in examples)
        {
            if (_ids.Contains(example.Id))
            {
                leaks.Add(new TestSetLeak(example.Id, example.Source, ByContent: false));
            }
            else if (_contentHashes.Contains(Frozen.ContentHashOf(example)))
            {
                leaks.Add(new TestSetLeak(example.Id, example.Source, ByContent: true));
            }
        }

        return leaks;
    }

    /// <summary>
    /// Throws <see cref="TestSetLeakException"/> when any example is a test example.
    /// <paramref name="purpose"/> reads like "few-shot demonstrations for arm 'x'".
    /// </summary>
    public void EnsureNotTest(IEnumerable<Example> examples, string purpose)
    {
        var leaks = FindLeaks(examples);
        if (leaks.Count > 0)
        {
            throw new TestSetLeakException(purpose, leaks);
        }
    }

    public static string FewShotPurpose(string arm) => $"few-shot demonstrations for arm '{arm}'";

    public static string TrainingPurpose(string arm) => $"training data for arm '{arm}'";
}
