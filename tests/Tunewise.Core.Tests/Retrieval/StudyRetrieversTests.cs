using Tunewise.Retrieval;
using Tunewise.Studies;
using Tunewise.Testing;
using Xunit;

namespace Tunewise.Core.Tests.Retrieval;

public sealed class StudyRetrieversTests
{
    private static Study MakeStudy(string? documents, params ArmSpec[] arms)
    {
        var builder = new StudyBuilder("rag")
            .WithTask(TaskKind.Qa, t =>
            {
                t.WithTest("test.jsonl").WithInput("question").WithExpected("answer");
                if (documents is not null)
                    t.WithDocuments(documents);
            })
            .AddModel("small", "openai:gpt-4o-mini");
        foreach (var arm in arms)
            builder.AddArm(arm);
        return builder.Freeze(StudySource.None);
    }

    [Fact]
    public async Task Arms_with_the_same_chunking_share_one_index_and_find_the_fact()
    {
        using var corpus = PlantedCorpus.Create();
        using var store = new TempDirectory();
        var a = new ArmSpec { Name = "rag-a", Model = "small", Retrieval = new RetrievalSpec { TopK = 2 } };
        var b = new ArmSpec { Name = "rag-b", Model = "small", Retrieval = new RetrievalSpec { TopK = 4 } };
        var c = new ArmSpec { Name = "rag-c", Model = "small", Retrieval = new RetrievalSpec { ChunkSize = 100, ChunkOverlap = 10 } };
        using var retrievers = new StudyRetrievers(MakeStudy(corpus.Path, a, b, c), StudyRetrievers.IndexRootFor(store.File("tunewise.db")));

        var tasks = await Task.WhenAll(retrievers.GetAsync(a), retrievers.GetAsync(b), retrievers.GetAsync(c));

        Assert.Same(tasks[0], tasks[1]);
        Assert.NotSame(tasks[0], tasks[2]);
        Assert.StartsWith(Path.Combine(store.Path, "index"), tasks[0].IndexPath);
        var passages = await tasks[0].RetrieveAsync("Who founded the Orbanite guild?", a.Retrieval!.TopK);
        Assert.Equal("orbanite.md", passages[0].DocumentId);
        Assert.Contains("Teodra Vasch", new ContextRenderer().RenderContext(passages));
    }

    [Fact]
    public async Task A_retrieval_arm_without_task_documents_is_a_user_error()
    {
        var arm = new ArmSpec { Name = "rag", Model = "small", Retrieval = new RetrievalSpec() };
        using var retrievers = new StudyRetrievers(MakeStudy(null, arm), indexRoot: null);
        var error = await Assert.ThrowsAsync<UserInputException>(() => retrievers.GetAsync(arm));
        Assert.Contains("documents", error.Message);
    }
}
