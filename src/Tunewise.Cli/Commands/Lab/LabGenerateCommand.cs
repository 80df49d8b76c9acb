using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tokenization;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabGenerateCommand(IAnsiConsole console) : AsyncCommand<LabGenerateCommand.Settings>
{
    public sealed class Settings : LabComputeSettings
    {
        [CommandArgument(0, "<MODEL>")]
        [Description("lab:NAME, lab:path/to/checkpoint, or a checkpoint directory.")]
        public string Model { get; init; } = "";

        [CommandOption("--prompt <TEXT>")]
        [Description("The user message (or, with --raw, the exact text to continue).")]
        public string? Prompt { get; init; }

        [CommandOption("--raw")]
        [Description("Encode the prompt as the tokenizer itself does (its post-processor's special tokens, e.g. Llama 2's <s>), with no chat template.")]
        public bool Raw { get; init; }

        [CommandOption("--max-tokens <N>")]
        [DefaultValue(128)]
        public int MaxTokens { get; init; } = 128;

        [CommandOption("--temperature <T>")]
        [Description("Sample with this temperature; greedy when absent or 0.")]
        public double? Temperature { get; init; }

        [CommandOption("--seed <S>")]
        public int? Seed { get; init; }

        public override ValidationResult Validate()
        {
            if (ComputeError() is { } computeError) return computeError;
            if (string.IsNullOrEmpty(Prompt)) return ValidationResult.Error("--prompt is required.");
            if (MaxTokens <= 0) return ValidationResult.Error("--max-tokens must be positive.");
            if (Temperature is < 0) return ValidationResult.Error("--temperature must be 0 or more.");
            return ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var result = Generate(settings.Model, settings.Compute, settings.Prompt!, settings.Raw,
            new GenerationOptions { MaxNewTokens = settings.MaxTokens, Temperature = settings.Temperature ?? 0, Seed = settings.Seed }, cancellationToken);
        console.Profile.Out.Writer.Write(result.Text + Environment.NewLine);
        return Task.FromResult(0);
    }

    /// <summary>
    /// One generation from a lab checkpoint: the prompt as a user turn through its chat template, or with
    /// <paramref name="raw"/> as transformers' <c>tokenizer(text)</c> encodes it (the special tokens the tokenizer adds, and nothing else).
    /// </summary>
    internal static GenerationResult Generate(string model, LabCompute compute, string prompt, bool raw, GenerationOptions options, CancellationToken cancellationToken)
    {
        string directory = LabModels.ResolveDirectory(model);
        var tokenizer = LabTokenizer.Load(directory);
        using var loaded = LlamaModel.Load(directory, compute);
        var generator = new TextGenerator(loaded, tokenizer);
        int[] ids = raw
            ? tokenizer.Encode(prompt, addSpecialTokens: true)
            : tokenizer.ChatTemplate is not null
                ? tokenizer.Encode(tokenizer.FormatChat([new ChatMessageText("user", prompt)]))
                : tokenizer.Encode(tokenizer.FormatChat([new ChatMessageText("user", prompt)]), addSpecialTokens: true);
        return generator.Generate(ids, options, cancellationToken);
    }
}
