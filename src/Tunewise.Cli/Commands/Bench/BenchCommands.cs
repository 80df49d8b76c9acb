using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// Registers <c>tunewise bench …</c>: benchmarks that print sizes, times and ratios. Each benchmark
/// is one <c>AddCommand</c> line below.
/// </summary>
public static class BenchCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks: measure how Tunewise's engines scale on this machine.");
            bench.AddCommand<DataCheckBenchCommand>("data-check")
                .WithDescription("Time and memory of `data check` at n/4, n/2 and n synthetic examples, to show linear growth.")
                .WithExample("bench", "data-check")
                .WithExample("bench", "data-check", "-n", "20000");
            bench.AddCommand<RetrievalBenchCommand>("retrieval").WithDescription("BM25 index build time, queries/s at concurrency 1 and 8, and recall@4 on planted questions over n synthetic documents.").WithExample("bench", "retrieval", "-n", "20000");
            bench.AddCommand<PromptfooBenchCommand>("promptfoo")
                .WithDescription("The same cases, prompt and local server through promptfoo and through tunewise run; CPU, wall time and peak memory side by side, and a check that outputs and pass/fail agree.")
                .WithExample("bench", "promptfoo", "--cases", "1000", "--concurrency", "4");
            bench.AddCommand<ClincBenchCommand>("clinc")
                .WithDescription("CLINC150 intents on the built-in path: zero-shot, nearest 8-shot, LoRA on tw-base, full fine-tuning of tw-small and a logistic baseline, all with defaults; each arm's accuracy with its CI and wall time, the study's time against 40 minutes, and whether the best fine-tuned arm reaches 0.70.")
                .WithExample("bench", "clinc")
                .WithExample("bench", "clinc", "--quick");
            Models.ModelCommands.AddBenchCommands(bench);
        });
}
