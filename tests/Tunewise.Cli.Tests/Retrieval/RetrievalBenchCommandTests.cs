using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests.Retrieval;

public class RetrievalBenchCommandTests
{
    [Fact]
    public void Bench_retrieval_runs_on_a_small_corpus_and_finds_the_planted_documents()
    {
        var console = new TestConsole().Width(250);

        var code = Program.Run(["bench", "retrieval", "-n", "200", "--queries", "40"], console);

        Assert.Equal(0, code);
        Assert.Contains("200", console.Output);
        Assert.Contains("1.000 [", console.Output); // recall@4 of questions naming the entity
        Assert.Contains("yes", console.Output);     // concurrent results equal sequential ones
    }
}
