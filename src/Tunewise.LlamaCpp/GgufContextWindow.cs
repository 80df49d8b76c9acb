using System.Globalization;
using Microsoft.Extensions.AI;
using Tunewise.Models;

namespace Tunewise.LlamaCpp;

/// <summary>
/// A GGUF model's context window: the training context in its metadata (<c>&lt;arch&gt;.context_length</c>), capped at
/// the context the in-process client opens, and counted with the model's own tokenizer and chat template. Opening it
/// loads the model file (shared with the chat client later), but calls nothing.
/// </summary>
internal sealed class GgufContextWindow(LlamaCppChatClient client) : IModelContextWindow
{
    public int Tokens => client.ContextTokens;

    public string Source => client.TrainingContextTokens > client.ContextTokens
        ? string.Create(CultureInfo.InvariantCulture, $"GGUF context_length {client.TrainingContextTokens}, of which the client opens {client.ContextTokens}")
        : "GGUF context_length";

    public string Counter => "the model's tokenizer";

    public int Count(IReadOnlyList<ChatMessage> messages) => client.CountTokens(messages);

    public int CountText(string text) => client.CountTextTokens(text);
}
