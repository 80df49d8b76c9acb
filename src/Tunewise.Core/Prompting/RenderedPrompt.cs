using Microsoft.Extensions.AI;

namespace Tunewise.Prompting;

/// <summary>The messages and options sent for one example, plus the text stored with its result.</summary>
public sealed record RenderedPrompt(
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions Options,
    string Text,
    IReadOnlyList<string> DemonstrationIds);
