using Tunewise.Data;
using Tunewise.Retrieval;
using Tunewise.Studies;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class RetrievalQualityTests
{
    private static RetrievedPassage P(string doc) => new(doc, 0, "text", 1);

    [Fact]
    public void Recall_and_mrr_match_hand_computed_values()
    {
        RetrievalCase[] cases =
        [
            new(["a"], [P("a"), P("x"), P("y")]),          // recall 1, RR 1
            new(["b"], [P("x"), P("y"), P("b")]),          // recall 1, RR 1/3
            new(["c", "d"], [P("x"), P("d"), P("d")]),     // recall 1/2, RR 1/2
            new(["e"], [P("x"), P("y"), P("z"), P("e")]),  // beyond k=3: recall 0, RR 0
            new([], [P("x")]),                              // no gold: counted, not scored
        ];

        var report = RetrievalQuality.Evaluate(cases, k: 3);

        Assert.Equal(4, report.QueriesScored);
        Assert.Equal(1, report.QueriesWithoutGold);
        Assert.Equal((1 + 1 + 0.5 + 0) / 4, report.RecallAtK.Value, 12);
        Assert.Equal((1 + 1.0 / 3 + 0.5 + 0) / 4, report.MeanReciprocalRank.Value, 12);
        Assert.True(report.RecallAtK.CiLow <= report.RecallAtK.Value && report.RecallAtK.Value <= report.RecallAtK.CiHigh);
        Assert.True(report.RecallAtK.Width > 0);
        Assert.Equal(4, report.RecallAtK.N);
    }

    [Theory]
    [InlineData("a.md", new[] { "a.md" })]
    [InlineData("a.md | b.md", new[] { "a.md", "b.md" })]
    [InlineData("a.md;b.md;a.md", new[] { "a.md", "b.md" })]
    [InlineData("[\"x\", \"y\"]", new[] { "x", "y" })]
    [InlineData("  ", new string[0])]
    public void Gold_ids_are_parsed_from_one_or_several(string value, string[] expected) =>
        Assert.Equal(expected, GoldDocuments.Parse(value));

    [Fact]
    public async Task Evaluates_a_real_retriever_on_examples_with_gold_documents()
    {
        using var folder = PlantedCorpus.Create();
        using var retriever = await Bm25Retriever.BuildAsync(new RetrievalSpec(), folder.Path);
        Example[] examples =
        [
            Make("1", "Who founded the Orbanite guild?", "orbanite.md"),
            Make("2", "Where does the Vellicor nest?", "vellicor.txt"),
            Make("3", "What happened to kelp farm 18?", "kelp-18"),
            Make("4", "Unrelated question", null),
        ];

        var report = await RetrievalQuality.EvaluateAsync(retriever, examples, "question", k: 1);

        Assert.Equal(1.0, report.RecallAtK.Value);
        Assert.Equal(1.0, report.MeanReciprocalRank.Value);
        Assert.Equal(3, report.QueriesScored);
        Assert.Equal(1, report.QueriesWithoutGold);
    }

    private static Example Make(string id, string question, string? gold)
    {
        var fields = new Dictionary<string, string> { ["question"] = question };
        if (gold is not null)
            fields[GoldDocuments.DefaultField] = gold;
        return new Example(id, fields, new SourceLocation("qa.jsonl", int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
