using System.Text;

namespace Tunewise.Retrieval;

/// <summary>
/// Formats retrieved passages for the <c>{{context}}</c> placeholder of a prompt: numbered, each
/// headed by its document id so an answer can cite it, and trimmed to a character budget so the
/// prompt stays within the model's context window.
/// </summary>
public sealed class ContextRenderer
{
    public const int DefaultMaxCharacters = 6000;

    /// <summary>Below this many characters left, a truncated passage would say too little to be worth its header.</summary>
    private const int MinimumUsefulPassage = 80;

    public ContextRenderer(int maxCharacters = DefaultMaxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharacters);
        MaxCharacters = maxCharacters;
    }

    public int MaxCharacters { get; }

    /// <summary>
    /// Passages in order as <c>[n] (document-id)</c> followed by the text, separated by blank lines.
    /// Whole passages are kept while they fit; the first that does not is cut at a word and marked
    /// with an ellipsis, and the rest are dropped. No passages render as an empty string.
    /// </summary>
    public string RenderContext(IReadOnlyList<RetrievedPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var builder = new StringBuilder();
        for (var i = 0; i < passages.Count; i++)
        {
            var separator = builder.Length == 0 ? "" : "\n\n";
            var header = $"{separator}[{i + 1}] ({passages[i].DocumentId})\n";
            var text = passages[i].Text.Trim();
            var room = MaxCharacters - builder.Length - header.Length;
            if (text.Length <= room)
            {
                builder.Append(header).Append(text);
                continue;
            }
            if (room >= MinimumUsefulPassage || builder.Length == 0)
                builder.Append(header).Append(Truncate(text, Math.Max(1, room)));
            break;
        }
        // A budget smaller than one header still gets something readable rather than nothing.
        return builder.Length <= MaxCharacters ? builder.ToString() : builder.ToString(0, MaxCharacters);
    }

    private static string Truncate(string text, int room)
    {
        var limit = room - 1; // room for the ellipsis
        if (limit <= 0)
            return "…";
        var cut = text.LastIndexOf(' ', Math.Min(limit, text.Length - 1));
        if (cut < limit / 2)
            cut = limit;
        return text[..cut].TrimEnd() + "…";
    }
}
