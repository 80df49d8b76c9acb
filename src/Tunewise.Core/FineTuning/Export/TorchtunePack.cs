using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Export;

/// <summary>
/// A torchtune run: a config for the single-device LoRA/QLoRA or full recipe, with a
/// <c>chat_dataset</c> in OpenAI conversation style over the shipped JSONL.
/// </summary>
internal sealed class TorchtunePack : ExportPackBase
{
    public const string ConfigFile = "torchtune.yaml";

    /// <summary>torchtune model builders for the base models it supports, keyed by Hugging Face id.</summary>
    private static readonly Dictionary<string, TorchtuneModel> Models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["meta-llama/Llama-2-7b-hf"] = new("llama2", "llama2_7b", "torchtune.models.llama2.llama2_tokenizer", "tokenizer.model", "LLAMA2", 2),
        ["meta-llama/Llama-2-13b-hf"] = new("llama2", "llama2_13b", "torchtune.models.llama2.llama2_tokenizer", "tokenizer.model", "LLAMA2", 3),
        ["meta-llama/Llama-2-70b-hf"] = new("llama2", "llama2_70b", "torchtune.models.llama2.llama2_tokenizer", "tokenizer.model", "LLAMA2", 15),
        ["meta-llama/Llama-3.1-8B"] = new("llama3_1", "llama3_1_8b", "torchtune.models.llama3.llama3_tokenizer", "original/tokenizer.model", "LLAMA3", 4),
        ["meta-llama/Llama-3.1-8B-Instruct"] = new("llama3_1", "llama3_1_8b", "torchtune.models.llama3.llama3_tokenizer", "original/tokenizer.model", "LLAMA3", 4),
        ["meta-llama/Llama-3.1-70B"] = new("llama3_1", "llama3_1_70b", "torchtune.models.llama3.llama3_tokenizer", "original/tokenizer.model", "LLAMA3", 30),
        ["meta-llama/Llama-3.1-70B-Instruct"] = new("llama3_1", "llama3_1_70b", "torchtune.models.llama3.llama3_tokenizer", "original/tokenizer.model", "LLAMA3", 30),
        ["mistralai/Mistral-7B-v0.1"] = new("mistral", "mistral_7b", "torchtune.models.mistral.mistral_tokenizer", "tokenizer.model", "MISTRAL", 2),
    };

    public override string Name => "torchtune";

    public override string Description => "torchtune recipe config (lora/qlora/full single-device recipes).";

    public static IReadOnlyCollection<string> SupportedBaseModels => Models.Keys;

    public static string Recipe(FineTuneMethod method) =>
        method == FineTuneMethod.Full ? "full_finetune_single_device" : "lora_finetune_single_device";

    public static string CommandFor(FineTuneMethod method) => $"tune run {Recipe(method)} --config {ConfigFile}";

    protected override async Task<string> WriteConfigAsync(PackDirectory pack, ExportRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var model = Models.GetValueOrDefault(plan.BaseModel)
            ?? throw new UserInputException(
                $"The torchtune pack has no model builder for base model '{plan.BaseModel}'. Supported: {string.Join(", ", Models.Keys)}. Use the axolotl or llama-factory pack for other models.");

        string checkpointDir = $"./base/{plan.BaseModel.Split('/')[^1]}";
        string prefix = plan.Method switch
        {
            FineTuneMethod.Lora => "lora_",
            FineTuneMethod.Qlora => "qlora_",
            _ => "",
        };
        var modelSection = new Dictionary<string, object> { ["_component_"] = $"torchtune.models.{model.Module}.{prefix}{model.Builder}" };
        if (plan.Method != FineTuneMethod.Full)
        {
            modelSection["lora_attn_modules"] = LoraTargets.Each(plan.LoraTargets)
                .Where(t => t is LoraTarget.Q or LoraTarget.K or LoraTarget.V or LoraTarget.O)
                .Select(t => t == LoraTarget.O ? "output_proj" : LoraTargets.ModuleNames(t)[0])
                .Cast<object>()
                .ToList();
            modelSection["apply_lora_to_mlp"] = (plan.LoraTargets & (LoraTarget.Gate | LoraTarget.Up | LoraTarget.Down)) != 0;
            modelSection["apply_lora_to_output"] = false;
            modelSection["lora_rank"] = plan.LoraRank;
            modelSection["lora_alpha"] = plan.LoraAlpha;
            modelSection["lora_dropout"] = plan.LoraDropout;
        }

        var config = new Dictionary<string, object>
        {
            ["output_dir"] = plan.OutputDir,
            ["model"] = modelSection,
            ["tokenizer"] = new Dictionary<string, object>
            {
                ["_component_"] = model.Tokenizer,
                ["path"] = $"{checkpointDir}/{model.TokenizerPath}",
                ["max_seq_len"] = plan.SequenceLength,
            },
            ["checkpointer"] = new Dictionary<string, object>
            {
                ["_component_"] = "torchtune.training.FullModelHFCheckpointer",
                ["checkpoint_dir"] = checkpointDir,
                ["checkpoint_files"] = new Dictionary<string, object>
                {
                    ["filename_format"] = "model-{}-of-{}.safetensors",
                    ["max_filename"] = model.Shards.ToString("00000", System.Globalization.CultureInfo.InvariantCulture),
                },
                ["output_dir"] = plan.OutputDir,
                ["model_type"] = model.ModelType,
            },
            ["resume_from_checkpoint"] = false,
            ["dataset"] = Dataset(TrainFile),
            ["seed"] = 13,
            ["shuffle"] = true,
            ["batch_size"] = plan.MicroBatchSize,
            ["epochs"] = (int)Math.Ceiling(plan.Epochs),
            ["optimizer"] = new Dictionary<string, object>
            {
                ["_component_"] = "torch.optim.AdamW",
                ["fused"] = true,
                ["weight_decay"] = 0.01,
                ["lr"] = plan.LearningRate,
            },
            ["lr_scheduler"] = new Dictionary<string, object>
            {
                ["_component_"] = "torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup",
                ["num_warmup_steps"] = 100,
            },
            ["loss"] = new Dictionary<string, object> { ["_component_"] = "torchtune.modules.loss.CEWithChunkedOutputLoss" },
            ["gradient_accumulation_steps"] = plan.GradientAccumulationSteps,
            ["device"] = "cuda",
            ["dtype"] = "bf16",
            ["enable_activation_checkpointing"] = true,
            ["compile"] = false,
            ["metric_logger"] = new Dictionary<string, object>
            {
                ["_component_"] = "torchtune.training.metric_logging.DiskLogger",
                ["log_dir"] = $"{plan.OutputDir}/logs",
            },
            ["log_every_n_steps"] = 10,
        };
        if (plan.Method != FineTuneMethod.Full)
        {
            config["save_adapter_weights_only"] = true;
        }

        if (HasDev(request))
        {
            config["dataset_val"] = Dataset(DevFile);
        }

        await WriteTextAsync(pack.Add(ConfigFile), Yaml(config), cancellationToken);
        await WriteTextAsync(pack.Add("README.md"), Readme(request, checkpointDir), cancellationToken);
        return CommandFor(plan.Method);
    }

    private static Dictionary<string, object> Dataset(string file) => new()
    {
        ["_component_"] = "torchtune.datasets.chat_dataset",
        ["source"] = "json",
        ["data_files"] = file,
        ["split"] = "train",
        ["conversation_column"] = "messages",
        ["conversation_style"] = "openai",
        ["train_on_input"] = false,
        ["packed"] = false,
    };

    private static string Readme(ExportRequest request, string checkpointDir) => $"""
        # torchtune fine-tuning pack

        Base model `{request.Plan.BaseModel}`, method {MethodName(request.Plan.Method)}, recipe `{Recipe(request.Plan.Method)}`.

        Data: {DataSummary(request)} `{ConfigFile}` reads them with `torchtune.datasets.chat_dataset`
        (`conversation_style: openai`){(HasDev(request) ? $"; `dataset_val` points at `{DevFile}`" : "")}.

        ## Run

        From this directory, download the base weights where the config expects them, then train:

        ```bash
        tune download {request.Plan.BaseModel} --output-dir {checkpointDir}
        {CommandFor(request.Plan.Method)}
        ```

        For several GPUs use the distributed recipe: `tune run --nproc_per_node 8 {(request.Plan.Method == FineTuneMethod.Full ? "full_finetune_distributed" : "lora_finetune_distributed")} --config {ConfigFile}`.
        """;

    private sealed record TorchtuneModel(string Module, string Builder, string Tokenizer, string TokenizerPath, string ModelType, int Shards);
}
