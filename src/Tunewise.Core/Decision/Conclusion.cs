namespace Tunewise.Decision;

/// <summary>One thing an analyser wants the reader to know, optionally about one arm.</summary>
public sealed record Conclusion(ConclusionKind Kind, string Analyser, string Message, string? Arm = null)
{
    public static Conclusion Hint(string analyser, string message, string? arm = null) => new(ConclusionKind.Hint, analyser, message, arm);

    public static Conclusion Warning(string analyser, string message, string? arm = null) => new(ConclusionKind.Warning, analyser, message, arm);

    public static Conclusion Error(string analyser, string message, string? arm = null) => new(ConclusionKind.Error, analyser, message, arm);
}
