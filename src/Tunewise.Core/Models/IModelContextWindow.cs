using Microsoft.Extensions.AI;

namespace Tunewise.Models;

/// <summary>
/// How much text a model can see, and how to count it: the usable context in tokens (what the model was trained on,
/// not just what its position table allows) and a counter for rendered conversations.
/// </summary>
public interface IModelContextWindow
{
    /// <summary>The usable context, in tokens.</summary>
    int Tokens { get; }

    /// <summary>Where <see cref="Tokens"/> comes from, e.g. "config.json training_sequence_length".</summary>
    string Source { get; }

    /// <summary>How tokens are counted: "the model's tokenizer" or an estimate.</summary>
    string Counter { get; }

    /// <summary>
    /// Tokens of the conversation as the model receives it. A conversation ending in an assistant turn is a training
    /// sequence (prompt and answer); otherwise it is a prompt, counted with the generation prompt the model is given.
    /// </summary>
    int Count(IReadOnlyList<ChatMessage> messages);

    /// <summary>Tokens of a completion-mode prompt: the text as the model's tokenizer encodes it, with no chat template.</summary>
    int CountText(string text) => Count([new ChatMessage(ChatRole.User, text)]);
}
