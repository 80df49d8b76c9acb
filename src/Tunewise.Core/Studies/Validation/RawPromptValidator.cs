namespace Tunewise.Studies.Validation;

/// <summary>
/// <c>prompt: { raw: true }</c> (completion mode) sends plain text to continue: it needs a provider with a completion mode,
/// and cannot be combined with what only a chat request carries (a JSON response format, labels-constrained decoding),
/// nor with fine-tuning, whose training examples are chat turns.
/// </summary>
public sealed class RawPromptValidator : IStudyValidator
{
    /// <summary>Providers with a completion mode: the lab and llama.cpp engines, and <c>/v1/completions</c> on OpenAI and compatible servers.</summary>
    public static readonly IReadOnlyList<string> CompletionProviders = [ModelProviders.Lab, ModelProviders.Gguf, ModelProviders.OpenAI, ModelProviders.OpenAICompatible];

    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        for (var i = 0; i < study.Arms.Length; i++)
        {
            var arm = study.Arms[i];
            if (!arm.Prompt.Raw)
                continue;
            var name = Issue.Arm(study, i);
            var path = $"arms[{i}].prompt.raw";
            if (study.FindModel(arm.Model) is { } model && !CompletionProviders.Contains(model.Provider, StringComparer.Ordinal))
                yield return Issue.Error(study, path, model.Provider == ModelProviders.Ollama
                    ? $"{name} prompt.raw (completion mode) is not available for provider 'ollama' (model '{model.Name}'): give it as provider openai-compatible with base_url http://HOST:11434/v1, whose /v1/completions Ollama serves"
                    : $"{name} prompt.raw (completion mode) is not available for provider '{model.Provider}' (model '{model.Name}'): it needs {string.Join(", ", CompletionProviders)}");
            if (arm.Prompt.ResponseFormat != ResponseFormat.Text)
                yield return Issue.Error(study, path, $"{name} prompt.raw sends plain text, so it cannot be combined with prompt.response_format");
            if (arm.Constrain is not null)
                yield return Issue.Error(study, path, $"{name} prompt.raw sends plain text, so it cannot be combined with constrain");
            if (arm.FineTune is not null)
                yield return Issue.Error(study, path, $"{name} prompt.raw applies to prompting arms; a fine-tuned arm trains and answers on chat turns");
        }
    }
}
