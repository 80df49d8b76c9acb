using System.ComponentModel;
using Spectre.Console.Cli;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Studies;
using Tunewise.Studies.Validation;

namespace Tunewise.Cli.Commands.Models;

/// <summary>What the commands that call one model share: the reference, where to reach it, completion mode and the timeout.</summary>
public abstract class ModelCallSettings : CommandSettings
{
    [CommandArgument(0, "<REF>")]
    [Description("Model reference: lab:tw-base, gguf:path/model.gguf, openai-compatible:NAME (with --base-url), ollama:llama3.1:8b, openai:gpt-4o-mini, anthropic:…")]
    public string Reference { get; init; } = "";

    [CommandOption("--base-url <URL>")]
    [Description("Endpoint of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1.")]
    public string? BaseUrl { get; init; }

    [CommandOption("--api-key-env <VARIABLE>")]
    [Description("Environment variable holding the API key (default: the provider's standard one).")]
    public string? ApiKeyEnv { get; init; }

    [CommandOption("--raw")]
    [Description("Completion mode, for base models: plain text with no chat template, as the tokenizer itself encodes it (lab, gguf; /v1/completions for openai and openai-compatible).")]
    public bool Raw { get; init; }

    /// <summary>Seconds per attempt before giving up.</summary>
    public abstract int TimeoutSeconds { get; init; }

    /// <summary>The reference with the endpoint options applied; a provider without a completion mode is refused with --raw.</summary>
    public ModelReference ResolveReference()
    {
        var reference = ModelReference.Parse(Reference);
        reference = reference with { BaseUrl = BaseUrl ?? reference.BaseUrl, ApiKeyEnv = ApiKeyEnv ?? reference.ApiKeyEnv };
        if (Raw && !RawPromptValidator.CompletionProviders.Contains(reference.Provider, StringComparer.Ordinal))
            throw new UserInputException(reference.Provider == ModelProviders.Ollama
                ? $"--raw (completion mode) is not available for provider 'ollama': ask it as openai-compatible:{reference.Model} with --base-url http://HOST:11434/v1, whose /v1/completions Ollama serves"
                : $"--raw (completion mode) is not available for provider '{reference.Provider}': it needs {string.Join(", ", RawPromptValidator.CompletionProviders)}");
        return reference;
    }

    /// <summary>The model's pipeline with <paramref name="retry"/> and a fixed timeout of <see cref="TimeoutSeconds"/>.</summary>
    public Microsoft.Extensions.AI.IChatClient Client(ModelReference reference, RetryOptions retry)
    {
        var timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        return ModelPipelineBuilder.For(reference, CliModelProviders.CreateRegistry())
            .WithRetry(retry)
            .WithTimeout(new AdaptiveTimeout(new AdaptiveTimeoutOptions { Floor = timeout, Initial = timeout, Ceiling = timeout }))
            .Build();
    }

    protected Spectre.Console.ValidationResult? TimeoutError() =>
        TimeoutSeconds <= 0 ? Spectre.Console.ValidationResult.Error("--timeout must be a positive number of seconds.") : null;
}
