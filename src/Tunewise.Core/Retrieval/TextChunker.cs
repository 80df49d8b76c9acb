using Tunewise.Studies;

namespace Tunewise.Retrieval;

/// <summary>
/// Cuts documents into overlapping passages of about <see cref="ChunkSize"/> characters. A cut moves
/// back to the nearest paragraph break, else sentence end, else space in the second half of the
/// window, so passages rarely split a sentence; only a window with no space at all is cut hard.
/// </summary>
public sealed class TextChunker
{
    public TextChunker(int chunkSize, int chunkOverlap)
    {
        if (chunkSize < 1)
            throw new UserInputException($"retrieval.chunk_size must be at least 1 character, got {chunkSize}.");
        if (chunkOverlap < 0 || chunkOverlap >= chunkSize)
            throw new UserInputException($"retrieval.chunk_overlap must be ≥ 0 and smaller than chunk_size ({chunkSize}), got {chunkOverlap}.");
        ChunkSize = chunkSize;
        ChunkOverlap = chunkOverlap;
    }

    public TextChunker(RetrievalSpec spec) : this(spec.ChunkSize, spec.ChunkOverlap) { }

    public int ChunkSize { get; }
    public int ChunkOverlap { get; }

    public IReadOnlyList<DocumentChunk> Chunk(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.Text;
        var chunks = new List<DocumentChunk>();
        var start = SkipWhitespace(text, 0);
        while (start < text.Length)
        {
            var end = Math.Min(start + ChunkSize, text.Length);
            if (end < text.Length)
                end = FindCut(text, start, end);

            var (trimmedStart, trimmedEnd) = Trim(text, start, end);
            if (trimmedEnd > trimmedStart)
                chunks.Add(new DocumentChunk(document.Id, chunks.Count, trimmedStart, trimmedEnd - trimmedStart, text[trimmedStart..trimmedEnd]));
            if (end >= text.Length)
                break;

            var next = NextStart(text, start, end);
            start = SkipWhitespace(text, next);
        }
        return chunks;
    }

    /// <summary>The best place to end a passage that would otherwise end at <paramref name="limit"/>.</summary>
    private int FindCut(string text, int start, int limit)
    {
        // Only look back over the second half of the window, so a passage never shrinks below half size.
        var earliest = start + Math.Max(1, (limit - start) / 2);
        var window = text.AsSpan(earliest, limit - earliest);

        var paragraph = window.LastIndexOf("\n\n");
        if (paragraph >= 0)
            return earliest + paragraph + 2;

        for (var i = window.Length - 1; i > 0; i--)
        {
            if (char.IsWhiteSpace(window[i]) && window[i - 1] is '.' or '!' or '?' or '\n' or ';')
                return earliest + i + 1;
        }
        if (window.Length > 0 && window[0] == '\n')
            return earliest + 1;

        var space = window.LastIndexOfAny(' ', '\n', '\t');
        return space >= 0 ? earliest + space + 1 : limit;
    }

    /// <summary>Where the next passage starts: <see cref="ChunkOverlap"/> characters before the cut, moved forward to a word start.</summary>
    private int NextStart(string text, int start, int end)
    {
        var next = Math.Max(start + 1, end - ChunkOverlap);
        if (next >= end || next == 0 || char.IsWhiteSpace(text[next - 1]))
            return next;
        // Mid-word: start at the next word instead, unless that would drop all of the overlap.
        for (var i = next; i < end; i++)
        {
            if (char.IsWhiteSpace(text[i]))
                return i + 1;
        }
        return next;
    }

    private static int SkipWhitespace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
            index++;
        return index;
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        return (start, end);
    }
}
