using Microsoft.Extensions.AI;

namespace Tunewise.Models;

/// <summary>
/// A context window the study file declares for a model (<c>context_window</c>): for servers and names the catalog does
/// not know, or a server started with a shorter window than the model's own. The declared size replaces whatever the
/// provider or catalog says; tokens are still counted by the provider's counter when it has one, else estimated.
/// </summary>
public sealed class DeclaredContextWindow : IModelContextWindow
{
    public const string DeclaredSource = "study file context_window";

    private readonly IModelContextWindow? _known;

    private DeclaredContextWindow(int tokens, IModelContextWindow? known)
    {
        Tokens = tokens;
        _known = known;
    }

    public int Tokens { get; }

    public string Source => _known is null ? DeclaredSource : $"{DeclaredSource} (in place of {_known.Source}: {_known.Tokens})";

    public string Counter => _known?.Counter ?? "estimate (o200k tokenizer)";

    public int Count(IReadOnlyList<ChatMessage> messages) => _known?.Count(messages) ?? TokenEstimator.CountInput(messages);

    public int CountText(string text) => _known?.CountText(text) ?? TokenEstimator.CountInput([new ChatMessage(ChatRole.User, text)]);

    /// <summary>The declared window when there is one (over the <paramref name="known"/> one, whose counter it keeps); else <paramref name="known"/>.</summary>
    public static IModelContextWindow? Apply(int? declared, IModelContextWindow? known)
    {
        if (declared is not { } tokens)
            return known;
        // Validation refuses a non-positive value before a run; a window of no tokens would make every prompt unfit.
        if (tokens <= 0)
            throw new ArgumentOutOfRangeException(nameof(declared), tokens, "A declared context window must be more than 0 tokens.");
        return new DeclaredContextWindow(tokens, known);
    }
}
