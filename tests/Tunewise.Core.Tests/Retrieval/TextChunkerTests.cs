using Tunewise.Data;
using Tunewise.Retrieval;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class TextChunkerTests
{
    private static SourceDocument Doc(string text) => new("doc.md", text, new SourceLocation("doc.md", 0));

    [Fact]
    public void Short_text_is_one_chunk_with_its_span()
    {
        var chunks = new TextChunker(100, 10).Chunk(Doc("  Hello world.  "));
        var chunk = Assert.Single(chunks);
        Assert.Equal(("doc.md", 0, 2, 12, "Hello world."), (chunk.DocumentId, chunk.ChunkIndex, chunk.Start, chunk.Length, chunk.Text));
    }

    [Fact]
    public void Cuts_at_paragraph_break_near_the_limit()
    {
        var first = "First paragraph has some words in it.";   // 37 chars
        var second = "Second paragraph continues with more words here.";
        var text = first + "\n\n" + second;
        var chunks = new TextChunker(50, 0).Chunk(Doc(text));
        Assert.Equal(first, chunks[0].Text);
        Assert.Equal(second, chunks[1].Text);
    }

    [Fact]
    public void Cuts_at_sentence_end_when_there_is_no_paragraph_break()
    {
        var text = "Alpha beta gamma delta. Epsilon zeta eta theta iota kappa lambda mu.";
        var chunks = new TextChunker(40, 0).Chunk(Doc(text));
        Assert.Equal("Alpha beta gamma delta.", chunks[0].Text);
        Assert.StartsWith("Epsilon", chunks[1].Text);
    }

    [Fact]
    public void Consecutive_chunks_overlap_and_spans_match_the_text()
    {
        var words = string.Join(" ", Enumerable.Range(0, 200).Select(i => $"w{i:000}"));
        var document = Doc(words);
        var chunks = new TextChunker(100, 30).Chunk(document);

        Assert.True(chunks.Count > 5);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.Equal(i, chunk.ChunkIndex);
            Assert.Equal(document.Text.Substring(chunk.Start, chunk.Length), chunk.Text);
            Assert.True(chunk.Length <= 100);
            Assert.DoesNotMatch(@"^\S{1,3}\s", chunk.Text); // never starts mid-word ("w0" of "w012")
            if (i > 0)
            {
                var previousEnd = chunks[i - 1].Start + chunks[i - 1].Length;
                Assert.InRange(previousEnd - chunk.Start, 20, 30); // the overlap, moved forward to a word start
            }
        }
        Assert.Equal(document.Text.Length, chunks[^1].Start + chunks[^1].Length);
    }

    [Fact]
    public void Text_without_spaces_is_cut_hard_at_the_size()
    {
        var chunks = new TextChunker(10, 2).Chunk(Doc(new string('x', 25)));
        Assert.Equal([0, 8, 16], chunks.Select(c => c.Start));
        Assert.Equal([10, 10, 9], chunks.Select(c => c.Length));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 100)]
    [InlineData(100, -1)]
    public void Invalid_sizes_are_user_errors(int size, int overlap) =>
        Assert.Throws<UserInputException>(() => new TextChunker(size, overlap));
}
