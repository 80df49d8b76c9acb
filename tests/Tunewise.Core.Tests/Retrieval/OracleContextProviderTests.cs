using Tunewise.Data;
using Tunewise.Retrieval;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class OracleContextProviderTests
{
    private static readonly SourceDocument[] Corpus =
    [
        new("orbanite.md", "Orbanite guild was founded by Teodra Vasch.", new SourceLocation("docs/orbanite.md", 0)),
        new("vellicor.txt", "The Vellicor nests on Brannoch Isle.", new SourceLocation("docs/vellicor.txt", 0)),
    ];

    private static Example Make(params (string Key, string Value)[] fields) =>
        new("ex-7", fields.ToDictionary(f => f.Key, f => f.Value), new SourceLocation("qa.jsonl", 7));

    [Fact]
    public void The_examples_own_context_field_wins()
    {
        var oracle = new OracleContextProvider(Corpus);
        var context = oracle.GetContext(Make(("question", "q"), ("context", "The answer is 42."), ("gold_doc", "orbanite.md")));
        Assert.Equal("[1] (ex-7)\nThe answer is 42.", context);
    }

    [Fact]
    public void Gold_document_ids_resolve_to_their_text()
    {
        var oracle = new OracleContextProvider(Corpus);
        var context = oracle.GetContext(Make(("question", "q"), ("gold_doc", "vellicor.txt|orbanite.md")));
        Assert.Equal("[1] (vellicor.txt)\nThe Vellicor nests on Brannoch Isle.\n\n[2] (orbanite.md)\nOrbanite guild was founded by Teodra Vasch.", context);
    }

    [Fact]
    public void Configured_field_names_are_used()
    {
        var oracle = new OracleContextProvider(Corpus, contextField: "evidence", goldField: "source");
        Assert.Contains("Brannoch", oracle.GetContext(Make(("source", "vellicor.txt"))));
        Assert.Equal("E", oracle.GetPassages(Make(("evidence", "E")))[0].Text);
    }

    [Fact]
    public void Missing_fields_and_unknown_ids_are_user_errors_naming_the_example()
    {
        var oracle = new OracleContextProvider(Corpus);
        var missing = Assert.Throws<UserInputException>(() => oracle.GetContext(Make(("question", "q"))));
        Assert.Contains("qa.jsonl:7", missing.Message);
        Assert.Contains("'context'", missing.Message);
        var unknown = Assert.Throws<UserInputException>(() => oracle.GetContext(Make(("gold_doc", "nope.md"))));
        Assert.Contains("nope.md", unknown.Message);
    }
}
