using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>The <c>tunewise lab …</c> branch: everything that runs on the built-in TorchSharp engine.</summary>
public static class LabCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("lab", lab =>
        {
            lab.SetDescription("Run, create and train lab models (TorchSharp, offline).");
            lab.AddCommand<LabGenerateCommand>("generate")
                .WithDescription("Generate text from a lab model (greedy unless --temperature is given).")
                .WithExample("lab", "generate", "lab:./my-model", "--prompt", "Hello");
            lab.AddCommand<LabInitRandomCommand>("init-random")
                .WithDescription("Write a small checkpoint with random weights and a byte-level tokenizer.")
                .WithExample("lab", "init-random", "./tiny", "--layers", "2", "--dim", "64");
            lab.AddCommand<LabTrainCommand>("train").WithDescription("Fine-tune a lab model (full, LoRA or QLoRA) on chat or input/expected JSONL.")
                .WithExample("lab", "train", "lab:tw-base", "train.jsonl", "--method", "qlora", "--out", "./adapter");
            lab.AddCommand<LabBenchCommand>("bench").WithDescription("Measure the lab engine here: matmul rate, MFU, LoRA/QLoRA memory, KV-cache speed-up.");
            lab.AddCommand<LabMemoryCommand>("memory").WithDescription("Measure peak training memory of full, LoRA and QLoRA, each in a fresh process, beside the planner's estimate.")
                .WithExample("lab", "memory", "tw-base", "--seq", "256", "--batch-size", "8");
            lab.AddCommand<LabPretrainCommand>("pretrain").WithDescription("Build the built-in base models (tw-base, tw-small) from the lab world with their fixed recipes.")
                .WithExample("lab", "pretrain", "tw-small", "--out", "models");
            lab.AddCommand<LabExperimentCommand>("experiment").WithDescription("Check a published finding in the lab world and print its table with confidence intervals.")
                .WithExample("lab", "experiment", "few-shot");
            lab.AddCommand<LabWorldCommand>("world").WithDescription("Write the synthetic lab world (corpora, tasks, documents, manifest) for a seed.")
                .WithExample("lab", "world", "--out", "world", "--size", "tiny");
        });
    }
}
