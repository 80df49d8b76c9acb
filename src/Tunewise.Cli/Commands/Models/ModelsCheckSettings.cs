using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsCheckSettings : CommandSettings
{
    [CommandArgument(0, "<REF>")]
    [Description("Model reference, e.g. openai:gpt-4o-mini or openai-compatible:qwen2.5-7b.")]
    public string Reference { get; init; } = "";

    [CommandOption("--base-url <URL>")]
    [Description("Endpoint of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1.")]
    public string? BaseUrl { get; init; }

    [CommandOption("--api-key-env <VARIABLE>")]
    [Description("Environment variable holding the API key (default: the provider's standard one).")]
    public string? ApiKeyEnv { get; init; }

    [CommandOption("--raw")]
    [Description("Check in completion mode (plain text, no chat template), for base models.")]
    public bool Raw { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("Give up after this many seconds per attempt.")]
    [DefaultValue(30)]
    public int TimeoutSeconds { get; init; } = 30;

    public override ValidationResult Validate() =>
        TimeoutSeconds <= 0 ? ValidationResult.Error("--timeout must be a positive number of seconds.") : ValidationResult.Success();
}
