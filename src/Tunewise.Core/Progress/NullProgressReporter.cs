namespace Tunewise.Progress;

/// <summary>Discards progress.</summary>
public sealed class NullProgressReporter : IProgressReporter
{
    public static readonly NullProgressReporter Instance = new();

    public IProgressTask Start(string description, double total) => NullTask.Instance;

    private sealed class NullTask : IProgressTask
    {
        public static readonly NullTask Instance = new();

        public void Increment(double amount = 1) { }

        public void Describe(string description) { }

        public void Dispose() { }
    }
}
