using System.Text.RegularExpressions;

namespace Tunewise.Studies.Validation;

/// <summary>
/// Each model has a known provider and what that provider needs. Never echoes anything that could be
/// a secret: a value that looks like a key in <c>api_key_env</c> is reported without its text.
/// </summary>
public sealed partial class ModelValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        foreach (var model in study.Models)
        {
            var at = $"models.{model.Name}";
            if (string.IsNullOrWhiteSpace(model.Provider))
            {
                yield return Issue.Error(study, at,
                    $"model '{model.Name}' needs a provider: write 'provider:model', e.g. 'openai:{model.Model}' (providers: {string.Join(", ", ModelProviders.All)})");
                continue;
            }
            if (!ModelProviders.IsKnown(model.Provider))
            {
                yield return Issue.Error(study, study.Source.Contains($"{at}.provider") ? $"{at}.provider" : at,
                    $"unknown provider '{model.Provider}' in model '{model.Name}'{DidYouMean.Hint(model.Provider, ModelProviders.All)}; providers: {string.Join(", ", ModelProviders.All)}");
            }
            if (string.IsNullOrWhiteSpace(model.Model))
            {
                yield return Issue.Error(study, at, $"missing required key 'model' in model '{model.Name}' (the provider's model id)");
            }
            if (model.Provider == ModelProviders.OpenAICompatible && model.BaseUrl is null)
            {
                yield return Issue.Error(study, at,
                    $"model '{model.Name}' uses provider 'openai-compatible' and needs base_url, e.g. {{ provider: openai-compatible, base_url: http://127.0.0.1:8000/v1, model: {model.Model} }}");
            }
            if (model.BaseUrl is { } baseUrl
                && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                yield return Issue.Error(study, $"{at}.base_url", $"model '{model.Name}' base_url must be an absolute http(s) URL (got '{baseUrl}')");
            }
            if (model.ApiKeyEnv is { } keyEnv && !EnvironmentVariableName().IsMatch(keyEnv))
            {
                // The value may be the key itself pasted by mistake: never repeat it.
                yield return Issue.Error(study, $"{at}.api_key_env",
                    $"model '{model.Name}' api_key_env must name an environment variable (letters, digits, '_'), not hold the key itself");
            }
            foreach (var (key, value, allowed) in new[] { ("device", model.Device, ModelSpec.Devices), ("dtype", model.DType, ModelSpec.DTypes) })
            {
                if (value is null) continue;
                if (model.Provider != "lab")
                    yield return Issue.Error(study, $"{at}.{key}", $"model '{model.Name}' sets {key}, which only lab models take (provider '{model.Provider}' decides its own)");
                else if (!allowed.Contains(value))
                    yield return Issue.Error(study, $"{at}.{key}", $"model '{model.Name}' {key} is '{value}'; expected one of {string.Join(", ", allowed)}");
            }
            if (model.Limits is not null && LocalCompute.IsLocal(model.Provider))
            {
                yield return Issue.Warning(study, $"{at}.limits",
                    $"model '{model.Name}' runs in-process ({model.Provider}); its limits apply to calls over a network and are ignored");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();
}
