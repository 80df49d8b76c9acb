namespace Tunewise.Lab.World;

/// <summary>
/// The plain chat format of the lab models. A turn is <c>&lt;|user|&gt;\n{text}\n&lt;|assistant|&gt;\n{answer}&lt;|end|&gt;\n</c>;
/// documents in the pretraining corpus are separated by <see cref="Document"/>. The lab tokenizer treats every marker as one special token.
/// </summary>
public static class ChatMarkers
{
    public const string User = "<|user|>";
    public const string Assistant = "<|assistant|>";
    public const string End = "<|end|>";
    public const string Document = "<|doc|>";

    public static IReadOnlyList<string> All { get; } = [User, Assistant, End, Document];

    public static string Turn(string user, string assistant) => $"{User}\n{user}\n{Assistant}\n{assistant}{End}\n";
}
