using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Planning;

public static class PlanCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<PlanCommand>("plan")
            .WithDescription("Estimate parameters, memory, FLOPs, time and cost of fine-tuning a model.")
            .WithExample("plan", "llama-3.1-8b", "--method", "qlora", "--rank", "16", "--targets", "all")
            .WithExample("plan", "path/to/config.json", "--method", "full", "--json");
    }
}
