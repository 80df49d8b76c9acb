using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Export;

/// <summary>An Axolotl run: <c>config.yml</c> with chat_template datasets over the shipped JSONL.</summary>
internal sealed class AxolotlPack : ExportPackBase
{
    public const string ConfigFile = "config.yml";
    public const string Command = "axolotl train config.yml";

    /// <summary>The launcher of Axolotl releases before the <c>axolotl</c> CLI.</summary>
    public const string LegacyCommand = "accelerate launch -m axolotl.cli.train config.yml";

    public override string Name => "axolotl";

    public override string Description => "Axolotl YAML config (LoRA, QLoRA or full; DeepSpeed/FSDP ready).";

    protected override async Task<string> WriteConfigAsync(PackDirectory pack, ExportRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var config = new Dictionary<string, object>
        {
            ["base_model"] = plan.BaseModel,
            ["load_in_8bit"] = false,
            ["load_in_4bit"] = plan.Method == FineTuneMethod.Qlora,
        };
        if (plan.Method != FineTuneMethod.Full)
        {
            config["adapter"] = MethodName(plan.Method);
            config["lora_r"] = plan.LoraRank;
            config["lora_alpha"] = plan.LoraAlpha;
            config["lora_dropout"] = plan.LoraDropout;
            config["lora_target_modules"] = LoraTargets.ModuleNames(plan.LoraTargets).ToList();
        }

        config["datasets"] = new List<object> { Dataset(TrainFile) };
        if (HasDev(request))
        {
            config["test_datasets"] = new List<object> { Dataset(DevFile) };
        }
        else
        {
            config["val_set_size"] = 0.0;
        }

        config["dataset_prepared_path"] = "last_run_prepared";
        config["chat_template"] = "tokenizer_default";
        config["sequence_len"] = plan.SequenceLength;
        config["sample_packing"] = false;
        config["micro_batch_size"] = plan.MicroBatchSize;
        config["gradient_accumulation_steps"] = plan.GradientAccumulationSteps;
        config["num_epochs"] = plan.Epochs;
        config["learning_rate"] = plan.LearningRate;
        config["optimizer"] = plan.Method == FineTuneMethod.Qlora ? "paged_adamw_8bit" : "adamw_torch";
        config["lr_scheduler"] = "cosine";
        config["warmup_ratio"] = 0.03;
        config["bf16"] = "auto";
        config["gradient_checkpointing"] = true;
        config["flash_attention"] = true;
        config["logging_steps"] = 10;
        config["output_dir"] = plan.OutputDir;
        if (plan.DeepSpeedConfig is not null)
        {
            config["deepspeed"] = plan.DeepSpeedConfig;
        }

        await WriteTextAsync(pack.Add(ConfigFile), Yaml(config), cancellationToken);
        await WriteTextAsync(pack.Add("README.md"), Readme(request), cancellationToken);
        return Command;
    }

    private static Dictionary<string, object> Dataset(string file) => new()
    {
        ["path"] = file,
        ["ds_type"] = "json",
        ["split"] = "train",
        ["type"] = "chat_template",
        ["field_messages"] = "messages",
        ["message_property_mappings"] = new Dictionary<string, object> { ["role"] = "role", ["content"] = "content" },
        ["roles_to_train"] = new List<object> { "assistant" },
    };

    private static string Readme(ExportRequest request) => $"""
        # Axolotl fine-tuning pack

        Base model `{request.Plan.BaseModel}`, method {MethodName(request.Plan.Method)}.

        Data: {DataSummary(request)} Only assistant turns are trained on (`roles_to_train`).

        ## Run

        From this directory, with Axolotl installed:

        ```bash
        {Command}
        ```

        Axolotl releases that predate the `axolotl` command use `{LegacyCommand}`.
        For several GPUs, set `deepspeed:` in `{ConfigFile}` to a DeepSpeed JSON (Axolotl ships
        `deepspeed_configs/zero3_bf16.json`) or configure FSDP, and launch the same command.
        The trained {(request.Plan.Method == FineTuneMethod.Full ? "model" : "adapter")} is written to `{request.Plan.OutputDir}/`.
        """;
}
