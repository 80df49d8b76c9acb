using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsGenerateSettings : CommandSettings
{
    [CommandArgument(0, "<REF>")]
    [Description("Model reference: lab:tw-base, gguf:path/model.gguf, openai-compatible:NAME (with --base-url), ollama:llama3.1:8b, openai:gpt-4o-mini, anthropic:…")]
    public string Reference { get; init; } = "";

    [CommandOption("--prompt <TEXT>")]
    [Description("The user message (or, with --raw, the exact text to continue).")]
    public string? Prompt { get; init; }

    [CommandOption("--raw")]
    [Description("Completion mode, for base models: the prompt as plain text with no chat template, as the tokenizer itself encodes it (lab, gguf; /v1/completions for openai and openai-compatible).")]
    public bool Raw { get; init; }

    [CommandOption("--max-tokens <N>")]
    [DefaultValue(256)]
    public int MaxTokens { get; init; } = 256;

    [CommandOption("--temperature <T>")]
    [Description("Sampling temperature; 0 (the default) is greedy.")]
    [DefaultValue(0.0)]
    public double Temperature { get; init; }

    [CommandOption("--base-url <URL>")]
    [Description("Endpoint of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1.")]
    public string? BaseUrl { get; init; }

    [CommandOption("--api-key-env <VARIABLE>")]
    [Description("Environment variable holding the API key (default: the provider's standard one).")]
    public string? ApiKeyEnv { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("Give up after this many seconds per attempt.")]
    [DefaultValue(120)]
    public int TimeoutSeconds { get; init; } = 120;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrEmpty(Prompt)) return ValidationResult.Error("--prompt is required.");
        if (MaxTokens <= 0) return ValidationResult.Error($"--max-tokens must be positive (got {MaxTokens}).");
        if (Temperature is < 0 or > 2 || double.IsNaN(Temperature)) return ValidationResult.Error($"--temperature must be between 0 and 2 (got {Temperature}).");
        if (TimeoutSeconds <= 0) return ValidationResult.Error("--timeout must be a positive number of seconds.");
        return ValidationResult.Success();
    }
}
