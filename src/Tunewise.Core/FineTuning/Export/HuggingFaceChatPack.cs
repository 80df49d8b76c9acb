namespace Tunewise.FineTuning.Export;

/// <summary>
/// A Hugging Face dataset: chat JSONL with a dataset card whose front matter maps the splits to the
/// files, ready for <c>hf upload</c> and for any trainer that reads the messages format (TRL's SFTTrainer).
/// </summary>
internal sealed class HuggingFaceChatPack : ExportPackBase
{
    public const string CardFile = "README.md";
    public const string Command = "huggingface-cli upload <HF_USER>/<DATASET> . --repo-type dataset";

    public override string Name => "hf";

    public override string Description => "Hugging Face chat dataset (messages JSONL + dataset card).";

    protected override async Task<string> WriteConfigAsync(PackDirectory pack, ExportRequest request, CancellationToken cancellationToken)
    {
        var splits = new List<object> { new Dictionary<string, object> { ["split"] = "train", ["path"] = TrainFile } };
        if (HasDev(request))
        {
            splits.Add(new Dictionary<string, object> { ["split"] = "validation", ["path"] = DevFile });
        }

        var frontMatter = new Dictionary<string, object>
        {
            ["configs"] = new List<object>
            {
                new Dictionary<string, object> { ["config_name"] = "default", ["data_files"] = splits },
            },
            ["task_categories"] = new List<object> { "text-generation" },
            ["tags"] = new List<object> { "conversational", "tunewise" },
        };

        var card = $"""
            ---
            {Yaml(frontMatter).TrimEnd()}
            ---

            # Fine-tuning data

            Exported by Tunewise for fine-tuning `{request.Plan.BaseModel}`.
            Data: {DataSummary(request)}

            ## Use

            Publish it as a dataset repository (from this directory):

            ```bash
            {Command}
            ```

            Load it with `datasets.load_dataset("json", data_files="{TrainFile}")`, or train on it directly with
            TRL's `SFTTrainer`, which reads the `messages` column.
            """;
        await WriteTextAsync(pack.Add(CardFile), card, cancellationToken);
        return Command;
    }
}
