using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Export;

public static class ExportCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Write a fine-tuning pack for Axolotl, LLaMA-Factory, torchtune, OpenAI or Hugging Face.")
            .WithExample("export", "axolotl", "--train", "train.jsonl", "--base-model", "meta-llama/Llama-3.1-8B-Instruct", "--method", "qlora", "--out", "pack");
    }
}
