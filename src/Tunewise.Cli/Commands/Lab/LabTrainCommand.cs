using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Training;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Lab;

/// <summary><c>tunewise lab train</c>: full, LoRA or QLoRA fine-tuning of a lab model on chat or input/expected JSONL.</summary>
public sealed class LabTrainCommand(IAnsiConsole console) : AsyncCommand<LabTrainCommand.Settings>
{
    public sealed class Settings : LabComputeSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("lab:NAME, lab:path/to/checkpoint, or a checkpoint directory.")]
        public string Model { get; init; } = "";

        [CommandArgument(1, "<DATA>")]
        [Description("Training data: chat JSONL ({\"messages\": [[...]]}) or input/expected JSONL.")]
        public string Data { get; init; } = "";

        [CommandOption("--method <METHOD>")]
        [Description("full, lora or qlora.")]
        [DefaultValue("lora")]
        public string Method { get; init; } = "lora";

        [CommandOption("--out <DIR>")]
        [Description("Where the adapter (lora, qlora) or the full checkpoint goes.")]
        public string? Out { get; init; }

        [CommandOption("--dev <DEV>")]
        [Description("Dev data, evaluated after every epoch for early stopping.")]
        public string? Dev { get; init; }

        // The defaults are a study arm's (FineTuneDefaults), so this command trains what an arm would.
        [CommandOption("--rank <R>")]
        [DefaultValue(FineTuneDefaults.Rank)]
        public int Rank { get; init; } = FineTuneDefaults.Rank;

        [CommandOption("--alpha <A>")]
        [Description("LoRA scaling (default twice the rank).")]
        public double? Alpha { get; init; }

        [CommandOption("--targets <LIST>")]
        [Description("Comma-separated projections for LoRA: q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj.")]
        [DefaultValue(FineTuneDefaults.TargetList)]
        public string Targets { get; init; } = FineTuneDefaults.TargetList;

        [CommandOption("--epochs <N>")]
        [DefaultValue(FineTuneDefaults.Epochs)]
        public int Epochs { get; init; } = FineTuneDefaults.Epochs;

        [CommandOption("--lr <RATE>")]
        [Description("Peak learning rate (default 1e-3 for LoRA/QLoRA, 1e-4 for full).")]
        public double? LearningRate { get; init; }

        [CommandOption("--batch-size <N>")]
        [DefaultValue(FineTuneDefaults.BatchSize)]
        public int BatchSize { get; init; } = FineTuneDefaults.BatchSize;

        [CommandOption("--seed <S>")]
        [DefaultValue(13)]
        public int Seed { get; init; } = 13;

        [CommandOption("--max-length <TOKENS>")]
        [Description("Longest training sequence (prompt and answer) in tokens.")]
        [DefaultValue(512)]
        public int MaxLength { get; init; } = 512;

        [CommandOption("--too-long <POLICY>")]
        [Description("A sequence over --max-length: refuse (stop, naming file, line and lengths) or cut (keep the answer, cut the start of the prompt).")]
        [DefaultValue("refuse")]
        public string TooLong { get; init; } = "refuse";

        public LongSequencePolicy ParsedTooLong => TooLong switch
        {
            "refuse" => LongSequencePolicy.Refuse,
            "cut" => LongSequencePolicy.Cut,
            _ => throw new InvalidOperationException($"--too-long '{TooLong}' was not validated."),
        };

        [CommandOption("--resume")]
        [Description("Continue from the newest checkpoint in DIR/checkpoints.")]
        public bool Resume { get; init; }

        public FineTuneMethod ParsedMethod => FineTuneMethods.Parse(Method, "--method");

        public override ValidationResult Validate()
        {
            if (!FineTuneMethods.TryParse(Method, out _))
                return ValidationResult.Error($"--method must be {FineTuneMethods.Expected}, not '{Method}'.");
            if (ComputeError() is { } computeError) return computeError;
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out DIR is required.");
            if (Rank < 1) return ValidationResult.Error("--rank must be at least 1.");
            if (Alpha is <= 0) return ValidationResult.Error("--alpha must be positive.");
            if (Epochs < 1) return ValidationResult.Error("--epochs must be at least 1.");
            if (BatchSize < 1) return ValidationResult.Error("--batch-size must be at least 1.");
            if (MaxLength < 2) return ValidationResult.Error("--max-length must be at least 2 tokens.");
            if (TooLong is not ("refuse" or "cut")) return ValidationResult.Error($"--too-long must be refuse or cut, not '{TooLong}'.");
            if (LearningRate is <= 0) return ValidationResult.Error("--lr must be positive.");
            var unknown = Targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Except(LoraOptions.AllProjections).ToList();
            if (unknown.Count > 0) return ValidationResult.Error($"--targets: unknown projection '{unknown[0]}'; expected {string.Join(", ", LoraOptions.AllProjections)}.");
            return ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var method = settings.ParsedMethod;
        var request = RequestFor(settings);

        TrainingResult result = null!;
        SpectreProgress.Run(console, progress => result = LabFineTuning.Run(request, progress, cancellationToken));

        static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
        if (result.ResumedFromStep > 0) console.MarkupLineInterpolated($"resumed from step {result.ResumedFromStep}");
        console.MarkupLineInterpolated($"{result.Steps} steps, {result.TrainableParameters:N0} trainable parameters, loss {F(result.LossCurve[0])} → {F(result.LossCurve[^1])}");
        if (result.DevLosses.Count > 0)
            console.MarkupLineInterpolated($"dev loss by epoch: {string.Join(", ", result.DevLosses.Select(l => F(l)))}{(result.StoppedEarly ? " (stopped early)" : "")}");
        console.MarkupLineInterpolated($"wrote {(method == FineTuneMethod.Full ? "checkpoint" : "adapter")} to {settings.Out}");
        return Task.FromResult(0);
    }

    /// <summary>The training the options ask for: each option left out takes <see cref="FineTuneDefaults"/>.</summary>
    internal static FineTuneRequest RequestFor(Settings settings)
    {
        var method = settings.ParsedMethod;
        return new FineTuneRequest
        {
            Model = settings.Model,
            TrainData = settings.Data,
            DevData = settings.Dev,
            Method = method,
            OutputDirectory = settings.Out!,
            Compute = settings.Compute,
            MaxTokens = settings.MaxLength,
            TooLong = settings.ParsedTooLong,
            Lora = new LoraOptions
            {
                Rank = settings.Rank,
                Alpha = settings.Alpha ?? FineTuneDefaults.AlphaFor(settings.Rank),
                Dropout = FineTuneDefaults.Dropout,
                TargetModules = settings.Targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                InitSeed = settings.Seed,
            },
            Trainer = new TrainerOptions
            {
                Epochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                LearningRate = settings.LearningRate ?? FineTuneDefaults.LearningRateFor(method),
                Seed = settings.Seed,
                Resume = settings.Resume,
                CheckpointDirectory = Path.Combine(settings.Out!, LabFineTuning.CheckpointFolder),
            },
        };
    }
}
