using Microsoft.Extensions.AI;

namespace Tunewise.Models;

/// <summary>
/// Text and nothing else: no annotations, no extra properties, not a subtype. The fast paths (the direct chat-completions
/// request, the cache key, the cached answer) handle exactly this by hand and leave every other content to the
/// serializer or the SDK.
/// </summary>
internal static class PlainText
{
    public static bool Is(AIContent content) =>
        content.GetType() == typeof(TextContent) && content.Annotations is null or { Count: 0 } && content.AdditionalProperties is null or { Count: 0 };
}
