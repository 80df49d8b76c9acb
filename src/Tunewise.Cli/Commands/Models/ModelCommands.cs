using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

/// <summary>Registers <c>models list|check|generate</c>; <c>bench faults</c> joins the shared bench branch.</summary>
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
            models.AddCommand<ModelsGenerateCommand>("generate").WithDescription("One generation from any model: the text on standard output, usage and latency on standard error.")
                .WithExample("models", "generate", "lab:tw-base", "--prompt", "Who is the mayor of Kryrvex?")
                .WithExample("models", "generate", "lab:tw-base", "--raw", "--prompt", "The capital of");
        });
    }

    /// <summary>Adds this area's benchmarks to a <c>bench</c> branch, which other areas may share.</summary>
    public static void AddBenchCommands(IConfigurator<CommandSettings> bench)
    {
        bench.AddCommand<FaultsBenchCommand>("faults")
            .WithDescription("Calls through the model pipeline against a local fault-injecting server, with and without faults.");
    }
}
