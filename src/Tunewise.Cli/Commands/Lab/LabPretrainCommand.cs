using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.World;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>
/// <c>tunewise lab pretrain</c>: builds the built-in base models from the lab world with their fixed recipes
/// (tokenizer, packed causal-LM training, fp16 weights, general-skills scores, recipe.json).
/// </summary>
public sealed class LabPretrainCommand(IAnsiConsole console) : Command<LabPretrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[NAMES]")]
        [Description("Recipes to run: tw-base, tw-small (default: both).")]
        public string[] Names { get; init; } = [];

        [CommandOption("--out <DIR>")]
        [Description("Folder that receives one sub-folder per model.")]
        [DefaultValue("models")]
        public string Out { get; init; } = "models";

        [CommandOption("--world <DIR>")]
        [Description("A world written by 'lab world'; without it the default world (seed 13) is written to a temporary folder.")]
        public string? World { get; init; }

        [CommandOption("--world-size <SIZE>")]
        [Description("Size of the world written when --world is not given: tiny or default.")]
        [DefaultValue(WorldSize.Default)]
        public WorldSize WorldSize { get; init; } = WorldSize.Default;

        [CommandOption("--world-version <N>")]
        [Description("The world version whose recipes to run: 2 (the shipped models) or 1 (the first models, kept reproducible).")]
        [DefaultValue(WorldOptions.Shipped)]
        public int WorldVersion { get; init; } = WorldOptions.Shipped;

        [CommandOption("--loss-on <TOKENS>")]
        [Description("Override the recipe's loss: all (every token) or answers (the assistant's answers only), for trials.")]
        public string? LossOn { get; init; }

        [CommandOption("--steps <N>")]
        [Description("Override the recipe's optimizer steps (for quick trials; the shipped models use the recipe).")]
        public int? Steps { get; init; }

        [CommandOption("--prompt-loss <SHARE>")]
        [Description("With --loss-on answers: the share (0 to 1) of the other tokens that carry the loss too, for trials.")]
        public double? PromptLoss { get; init; }

        [CommandOption("--learning-rate <LR>")]
        [Description("Override the recipe's peak learning rate, for trials.")]
        public double? LearningRate { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Torch intra-op threads.")]
        public int? Threads { get; init; }

        [CommandOption("--resume")]
        [Description("Continue from the newest checkpoint in OUT/NAME/checkpoints.")]
        public bool Resume { get; init; }

        public override ValidationResult Validate()
        {
            foreach (var name in Names)
            {
                if (PretrainRecipe.BuiltInFor(WorldVersion).All(r => r.Name != name))
                    return ValidationResult.Error($"Unknown recipe '{name}'; known: {string.Join(", ", PretrainRecipe.BuiltIn.Select(r => r.Name))}.");
            }
            if (!WorldOptions.Versions.Contains(WorldVersion))
                return ValidationResult.Error($"--world-version {WorldVersion}: known world versions are {string.Join(", ", WorldOptions.Versions)}.");
            if (LossOn is not null && LossOn is not ("all" or "answers"))
                return ValidationResult.Error($"--loss-on '{LossOn}': expected all or answers.");
            if (Steps is < 1) return ValidationResult.Error("--steps must be at least 1.");
            if (PromptLoss is { } share && !(share is >= 0 and <= 1)) return ValidationResult.Error($"--prompt-loss {share}: expected a share from 0 to 1.");
            if (LearningRate is { } lr && !(lr > 0 && lr < 1)) return ValidationResult.Error($"--learning-rate {lr}: expected a number above 0 and below 1.");
            if (Threads is < 1) return ValidationResult.Error("--threads must be at least 1.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Threads is { } threads) TorchRuntime.SetThreads(threads);
        var recipes = (settings.Names.Length == 0 ? PretrainRecipe.BuiltInFor(settings.WorldVersion) : settings.Names.Select(n => PretrainRecipe.ForName(n, settings.WorldVersion)))
            .Select(r => settings.Steps is { } steps ? r with { Steps = steps } : r)
            .Select(r => settings.LearningRate is { } lr ? r with { LearningRate = lr } : r)
            .Select(r => settings.LossOn is { } loss ? r with { LossOn = loss == "answers" ? PretrainLoss.Answers : PretrainLoss.All } : r)
            .Select(r => settings.PromptLoss is { } share ? r with { PromptLossShare = share } : r).ToList();
        string? temporaryWorld = null;
        var world = settings.World;
        if (world is null)
        {
            temporaryWorld = Path.Combine(Path.GetTempPath(), $"tunewise-world-{Guid.NewGuid():N}");
            var options = WorldOptions.For(settings.WorldSize, recipes[0].WorldSeed, recipes[0].WorldVersion);
            console.MarkupLineInterpolated($"Writing the lab world (seed {options.Seed}, {settings.WorldSize}) to {temporaryWorld}");
            new WorldGenerator(options).WriteAll(temporaryWorld, cancellationToken);
            world = temporaryWorld;
        }
        try
        {
            foreach (var recipe in recipes)
            {
                var directory = Path.Combine(settings.Out, recipe.Name);
                PretrainOutcome outcome = null!;
                SpectreProgress.Run(console, progress => outcome = Pretrainer.Run(recipe, world, directory, settings.Resume, progress,
                    line => console.MarkupLineInterpolated($"[grey]{line}[/]"), cancellationToken));
                var loss = outcome.Training.LossCurve;
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"{recipe.Name}: {outcome.Parameters:N0} parameters, {outcome.Training.Steps} steps, {outcome.Training.TrainedTokens:N0} tokens in {outcome.TrainSeconds:F0} s ({outcome.Training.TrainedTokens / Math.Max(1e-9, outcome.TrainSeconds):F0} tokens/s), loss {loss[0]:F3} → {loss[^1]:F3}");
                var table = new Table().AddColumns("family", "correct", "accuracy");
                foreach (var (family, score) in outcome.Skills.Families)
                    table.AddRow(family, $"{score.Correct}/{score.Total}", score.Accuracy.ToString("P0", CultureInfo.InvariantCulture));
                table.AddRow("[bold]all[/]", $"{outcome.Skills.Correct}/{outcome.Skills.Total}", outcome.Skills.Accuracy.ToString("P1", CultureInfo.InvariantCulture));
                console.Write(table);
                console.MarkupLineInterpolated($"wrote {directory} (recipe in {Pretrainer.RecipeFile})");
            }
        }
        finally
        {
            if (temporaryWorld is not null && Directory.Exists(temporaryWorld)) Directory.Delete(temporaryWorld, recursive: true);
        }
        return 0;
    }
}
