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
        });
}
