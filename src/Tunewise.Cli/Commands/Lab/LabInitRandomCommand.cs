using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Checkpoints;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabInitRandomCommand(IAnsiConsole console) : AsyncCommand<LabInitRandomCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Directory to write the checkpoint into.")]
        public string Directory { get; init; } = "";

        [CommandOption("--layers <N>")]
        [DefaultValue(2)]
        public int Layers { get; init; } = 2;

        [CommandOption("--dim <N>")]
        [Description("Hidden size (a multiple of 16).")]
        [DefaultValue(64)]
        public int Dim { get; init; } = 64;

        [CommandOption("--seed <S>")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("--dtype <TYPE>")]
        [Description("float32, float16 or bfloat16.")]
        [DefaultValue("float32")]
        public string DType { get; init; } = "float32";

        [CommandOption("--tokenizer <KIND>")]
        [Description("byte-level (GPT-2 style, ChatML template) or sentencepiece (Llama 2 style, with byte fallback and <s>).")]
        [DefaultValue("byte-level")]
        public string Tokenizer { get; init; } = "byte-level";

        [CommandOption("--family <NAME>")]
        [Description("llama, qwen2 (biases on q/k/v, rope_theta 1e6), mistral (sliding-window attention), gemma, or phi3 (fused q/k/v and gate/up, a sliding window).")]
        [DefaultValue("llama")]
        public string Family { get; init; } = "llama";

        [CommandOption("--sliding-window <N>")]
        [Description("The attention window of a mistral checkpoint (default 4096) or a phi3 one (default 2047).")]
        public int? SlidingWindow { get; init; }

        [CommandOption("--shard-bytes <N>")]
        [Description("Split the weights into shards of at most N bytes, with model.safetensors.index.json.")]
        public long? ShardBytes { get; init; }

        public override ValidationResult Validate()
        {
            if (!RandomCheckpoint.Families.Contains(Family))
                return ValidationResult.Error($"--family is '{Family}'; use {string.Join(", ", RandomCheckpoint.Families)}.");
            if (SlidingWindow is not null && Family is not ("mistral" or "phi3")) return ValidationResult.Error("--sliding-window applies to --family mistral or phi3 only.");
            if (SlidingWindow is <= 0) return ValidationResult.Error("--sliding-window must be positive.");
            if (ShardBytes is <= 0) return ValidationResult.Error("--shard-bytes must be positive.");
            if (Tokenizer is not ("byte-level" or "sentencepiece"))
                return ValidationResult.Error($"--tokenizer is '{Tokenizer}'; use byte-level or sentencepiece.");
            if (Layers <= 0) return ValidationResult.Error("--layers must be positive.");
            if (Dim <= 0 || Dim % 16 != 0) return ValidationResult.Error("--dim must be a positive multiple of 16.");
            return ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = RandomCheckpoint.Write(settings.Directory, settings.Layers, settings.Dim, seed: settings.Seed,
            dtype: SafeTensorsDType.ParseTorchName(settings.DType), sentencePiece: settings.Tokenizer == "sentencepiece",
            family: settings.Family, slidingWindow: settings.SlidingWindow, maxShardBytes: settings.ShardBytes);
        console.MarkupLineInterpolated($"Wrote a random lab model to [bold]{settings.Directory}[/]: {config.ModelType}, {config.NumHiddenLayers} layers, dim {config.HiddenSize}, vocab {config.VocabSize}.");
        return Task.FromResult(0);
    }
}
