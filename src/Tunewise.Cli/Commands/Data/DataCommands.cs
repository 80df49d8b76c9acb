using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Data;

/// <summary>Registers <c>tunewise data …</c>.</summary>
public static class DataCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("data", data =>
        {
            data.SetDescription("Check and split task data.");
            data.AddCommand<DataCheckCommand>("check")
                .WithDescription("Find duplicates, near duplicates, train/test leakage, label conflicts, empty or overlong inputs and class imbalance.")
                .WithExample("data", "check", "data/intents.csv")
                .WithExample("data", "check", "data/train.jsonl", "--against", "data/test.jsonl", "--json")
                .WithExample("data", "check", "data/intents.csv", "--input", "text", "--expected", "label", "--write-clean", "data/intents.clean.csv");
            data.AddCommand<DataSplitCommand>("split")
                .WithDescription("Split deterministically into train/dev/test and freeze the test set (ids + hash).")
                .WithExample("data", "split", "data/intents.csv", "--out", "data/split")
                .WithExample("data", "split", "data/intents.csv", "--out", "data/split", "--dev", "0.1", "--test", "0.2", "--seed", "13", "--stratify");
        });
}
