namespace Tunewise.Decision;

/// <summary>How much a conclusion matters, as in BenchmarkDotNet's analysers.</summary>
public enum ConclusionKind
{
    Hint,
    Warning,
    Error,
}
