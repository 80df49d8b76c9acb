using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Export;

/// <summary>A LLaMA-Factory run: <c>dataset_info.json</c> registering the JSONL, and <c>train.yaml</c>.</summary>
internal sealed class LlamaFactoryPack : ExportPackBase
{
    public const string ConfigFile = "train.yaml";
    public const string DatasetInfoFile = "dataset_info.json";
    public const string TrainDataset = "tunewise_train";
    public const string DevDataset = "tunewise_dev";
    public const string Command = "llamafactory-cli train train.yaml";

    public override string Name => "llama-factory";

    public override string Description => "LLaMA-Factory dataset_info.json and SFT training YAML.";

    protected override async Task<string> WriteConfigAsync(PackDirectory pack, ExportRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var datasets = new Dictionary<string, object> { [TrainDataset] = DatasetEntry(TrainFile) };
        if (HasDev(request))
        {
            datasets[DevDataset] = DatasetEntry(DevFile);
        }

        await WriteTextAsync(pack.Add(DatasetInfoFile), Json(datasets), cancellationToken);

        var config = new Dictionary<string, object>
        {
            ["model_name_or_path"] = plan.BaseModel,
            ["stage"] = "sft",
            ["do_train"] = true,
            ["finetuning_type"] = plan.Method == FineTuneMethod.Full ? "full" : "lora",
        };
        if (plan.Method != FineTuneMethod.Full)
        {
            config["lora_rank"] = plan.LoraRank;
            config["lora_alpha"] = plan.LoraAlpha;
            config["lora_dropout"] = plan.LoraDropout;
            config["lora_target"] = plan.LoraTargets == LoraTarget.AllLinear ? "all" : string.Join(',', LoraTargets.ModuleNames(plan.LoraTargets));
        }

        if (plan.Method == FineTuneMethod.Qlora)
        {
            config["quantization_bit"] = 4;
            config["quantization_method"] = "bitsandbytes";
        }

        config["dataset_dir"] = ".";
        config["dataset"] = TrainDataset;
        if (HasDev(request))
        {
            config["eval_dataset"] = DevDataset;
            config["eval_strategy"] = "epoch";
            config["per_device_eval_batch_size"] = plan.MicroBatchSize;
        }

        config["template"] = plan.ChatTemplate ?? GuessTemplate(plan.BaseModel);
        config["cutoff_len"] = plan.SequenceLength;
        config["output_dir"] = plan.OutputDir;
        config["logging_steps"] = 10;
        config["save_strategy"] = "epoch";
        config["per_device_train_batch_size"] = plan.MicroBatchSize;
        config["gradient_accumulation_steps"] = plan.GradientAccumulationSteps;
        config["learning_rate"] = plan.LearningRate;
        config["num_train_epochs"] = plan.Epochs;
        config["lr_scheduler_type"] = "cosine";
        config["warmup_ratio"] = 0.03;
        config["bf16"] = true;
        if (plan.DeepSpeedConfig is not null)
        {
            config["deepspeed"] = plan.DeepSpeedConfig;
        }

        await WriteTextAsync(pack.Add(ConfigFile), Yaml(config), cancellationToken);
        await WriteTextAsync(pack.Add("README.md"), Readme(request, (string)config["template"]), cancellationToken);
        return Command;
    }

    /// <summary>LLaMA-Factory's sharegpt formatting with OpenAI-style role/content tags.</summary>
    private static Dictionary<string, object> DatasetEntry(string file) => new()
    {
        ["file_name"] = file,
        ["formatting"] = "sharegpt",
        ["columns"] = new Dictionary<string, string> { ["messages"] = "messages" },
        ["tags"] = new Dictionary<string, string>
        {
            ["role_tag"] = "role",
            ["content_tag"] = "content",
            ["user_tag"] = "user",
            ["assistant_tag"] = "assistant",
            ["system_tag"] = "system",
        },
    };

    /// <summary>The chat template LLaMA-Factory names for common model families; "default" otherwise.</summary>
    internal static string GuessTemplate(string baseModel)
    {
        var id = baseModel.ToLowerInvariant();
        return id switch
        {
            _ when id.Contains("llama-3") || id.Contains("llama3") => "llama3",
            _ when id.Contains("llama-2") || id.Contains("llama2") => "llama2",
            _ when id.Contains("qwen") => "qwen",
            _ when id.Contains("mistral") => "mistral",
            _ => "default",
        };
    }

    private static string Readme(ExportRequest request, string template) => $"""
        # LLaMA-Factory fine-tuning pack

        Base model `{request.Plan.BaseModel}`, method {MethodName(request.Plan.Method)}, chat template `{template}`
        (change `template:` in `{ConfigFile}` if your model uses another).

        Data: {DataSummary(request)} They are registered in `{DatasetInfoFile}` as `{TrainDataset}`{(HasDev(request) ? $" and `{DevDataset}`" : "")}.

        ## Run

        From this directory (the config reads datasets from `dataset_dir: .`):

        ```bash
        {Command}
        ```

        For several GPUs, set `deepspeed:` in `{ConfigFile}` to a DeepSpeed JSON (LLaMA-Factory ships
        `examples/deepspeed/ds_z3_config.json`) and run `FORCE_TORCHRUN=1 {Command}`.
        """;
}
