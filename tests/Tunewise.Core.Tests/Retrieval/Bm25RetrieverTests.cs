using Tunewise.Retrieval;
using Tunewise.Studies;
using Tunewise.Testing;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class Bm25RetrieverTests
{
    private static readonly RetrievalSpec Spec = new() { TopK = 3, ChunkSize = 200, ChunkOverlap = 20 };

    [Theory]
    [InlineData("Who founded the Orbanite guild?", "orbanite.md")]
    [InlineData("Where does the Vellicor bird nest?", "vellicor.txt")]
    [InlineData("When was the lighthouse of Tessaly Harbor rebuilt?", "tessaly/harbor.md")]
    [InlineData("What fuel does the Zintar engine burn?", "zintar.html")]
    [InlineData("Which kelp farm makes iodine for a clinic?", "kelp-17")]
    public async Task Ranks_the_document_with_the_fact_first(string question, string expected)
    {
        using var folder = PlantedCorpus.Create();
        using var retriever = await Bm25Retriever.BuildAsync(Spec, folder.Path);

        var passages = await retriever.RetrieveAsync(question, 3);

        Assert.Equal(expected, passages[0].DocumentId);
        Assert.True(passages.Zip(passages.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Theory]
    [InlineData("Orbanite: who FOUNDED it? AND when")]
    [InlineData("title:orbanite OR (guild* ~2 \"founded\")")]
    [InlineData("[Orbanite] {guild} ^ ! && || -minus +plus \\ /")]
    public async Task Query_syntax_characters_are_searched_as_plain_words(string question)
    {
        using var folder = PlantedCorpus.Create();
        using var retriever = await Bm25Retriever.BuildAsync(Spec, folder.Path);

        var passages = await retriever.RetrieveAsync(question, 2);

        Assert.Equal("orbanite.md", passages[0].DocumentId);
    }

    [Fact]
    public async Task Queries_with_no_searchable_words_return_nothing()
    {
        using var folder = PlantedCorpus.Create();
        using var retriever = await Bm25Retriever.BuildAsync(Spec, folder.Path);

        Assert.Empty(await retriever.RetrieveAsync("?? :: the and of", 4));
        Assert.Empty(await retriever.RetrieveAsync("", 4));
        Assert.Empty(await retriever.RetrieveAsync("Orbanite", 0));
    }

    [Fact]
    public async Task Concurrent_queries_return_the_same_results_as_sequential_ones()
    {
        using var folder = PlantedCorpus.Create();
        using var retriever = await Bm25Retriever.BuildAsync(Spec, folder.Path);
        string[] questions = ["Orbanite guild founder", "Vellicor migration south", "Grey Candle lighthouse storm", "peat mills Hollowfen", "eel blight kelp"];
        var expected = questions.Select(q => retriever.Retrieve(q, 3)).ToArray();

        var results = new IReadOnlyList<RetrievedPassage>[400];
        await Parallel.ForAsync(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            results[i] = await retriever.RetrieveAsync(questions[i % questions.Length], 3, ct));

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(expected[i % questions.Length], results[i]);
    }

    [Fact]
    public async Task On_disk_index_is_reused_while_the_corpus_is_unchanged_and_rebuilt_when_a_file_changes()
    {
        using var folder = PlantedCorpus.Create();
        using var store = new TempDirectory();
        var indexRoot = store.File("index");

        string firstHash;
        using (var first = await Bm25Retriever.BuildAsync(Spec, folder.Path, indexRoot))
        {
            Assert.False(first.IndexReused);
            Assert.Equal(Path.Combine(indexRoot, first.CorpusHash), first.IndexPath);
            firstHash = first.CorpusHash;
        }
        using (var second = await Bm25Retriever.BuildAsync(Spec, folder.Path, indexRoot))
        {
            Assert.True(second.IndexReused);
            Assert.Equal(firstHash, second.CorpusHash);
            Assert.Equal("vellicor.txt", (await second.RetrieveAsync("Vellicor nests", 1))[0].DocumentId);
        }

        File.WriteAllText(folder.File("vellicor.txt"), "The Vellicor now nests in the Obsidian Quarry.");
        using var third = await Bm25Retriever.BuildAsync(Spec, folder.Path, indexRoot);
        Assert.False(third.IndexReused);
        Assert.NotEqual(firstHash, third.CorpusHash);
        Assert.Contains("Obsidian Quarry", (await third.RetrieveAsync("Vellicor nests", 1))[0].Text);
        Assert.DoesNotContain(Directory.GetDirectories(indexRoot), d => d.Contains(".building-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_chunk_size_changes_the_corpus_hash()
    {
        using var folder = PlantedCorpus.Create();
        using var a = await Bm25Retriever.BuildAsync(Spec, folder.Path);
        using var b = await Bm25Retriever.BuildAsync(Spec with { ChunkSize = 50, ChunkOverlap = 5 }, folder.Path);
        Assert.NotEqual(a.CorpusHash, b.CorpusHash);
        Assert.True(b.ChunkCount > a.ChunkCount);
    }

    [Fact]
    public async Task Long_documents_return_the_chunk_holding_the_fact()
    {
        using var folder = new TempDirectory();
        var filler = string.Concat(Enumerable.Repeat("The river valley is quiet in winter and busy in summer. ", 30));
        File.WriteAllText(folder.File("long.md"), filler + "\n\nThe Harrowdeep mine closed in 1911.\n\n" + filler);
        File.WriteAllText(folder.File("other.md"), "Nothing about mines here, only valleys.");
        using var retriever = await Bm25Retriever.BuildAsync(new RetrievalSpec { ChunkSize = 300, ChunkOverlap = 30 }, folder.Path);

        var best = (await retriever.RetrieveAsync("When did Harrowdeep close?", 1))[0];

        Assert.Equal("long.md", best.DocumentId);
        Assert.True(best.ChunkIndex > 0);
        Assert.Contains("Harrowdeep mine closed in 1911", best.Text);
    }
}
