using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

/// <summary>Registers <c>models list|check</c> and <c>bench faults</c>.</summary>
public static class ModelCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("models", models =>
        {
            models.SetDescription("Inspect the model catalog and check that a model answers.");
            models.AddCommand<ModelsListCommand>("list").WithDescription("List known models with context windows and prices.");
            models.AddCommand<ModelsCheckCommand>("check").WithDescription("Send one tiny request and report latency, usage and cost.")
                .WithExample("models", "check", "openai:gpt-4o-mini")
                .WithExample("models", "check", "openai-compatible:qwen2.5-7b", "--base-url", "http://127.0.0.1:8000/v1");
        });
        config.AddBranch("bench", AddBenchCommands);
    }

    /// <summary>Adds this area's benchmarks to a <c>bench</c> branch, which other areas may share.</summary>
    public static void AddBenchCommands(IConfigurator<CommandSettings> bench)
    {
        bench.SetDescription("Benchmarks that print ratios.");
        bench.AddCommand<FaultsBenchCommand>("faults")
            .WithDescription("Calls through the model pipeline against a local fault-injecting server, with and without faults.");
    }
}
