using Tunewise.Retrieval;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class ContextRendererTests
{
    private static readonly RetrievedPassage[] Passages =
    [
        new("a.md", 0, "Alpha passage text.", 3.1),
        new("b.md", 2, "Beta passage text.", 2.0),
    ];

    [Fact]
    public void Numbers_passages_with_their_document_ids()
    {
        var context = new ContextRenderer().RenderContext(Passages);
        Assert.Equal("[1] (a.md)\nAlpha passage text.\n\n[2] (b.md)\nBeta passage text.", context);
    }

    [Fact]
    public void Trims_to_the_budget_at_a_word_with_an_ellipsis()
    {
        var longText = string.Join(" ", Enumerable.Repeat("word", 100));
        var context = new ContextRenderer(200).RenderContext([Passages[0], new RetrievedPassage("c.md", 0, longText, 1)]);
        Assert.True(context.Length <= 200);
        Assert.StartsWith("[1] (a.md)\nAlpha passage text.\n\n[2] (c.md)\nword", context);
        Assert.EndsWith("word…", context);
    }

    [Fact]
    public void Drops_passages_that_would_only_fit_as_a_scrap()
    {
        var context = new ContextRenderer(45).RenderContext(Passages);
        Assert.Equal("[1] (a.md)\nAlpha passage text.", context);
    }

    [Fact]
    public void No_passages_render_as_empty() => Assert.Equal("", new ContextRenderer().RenderContext([]));
}
