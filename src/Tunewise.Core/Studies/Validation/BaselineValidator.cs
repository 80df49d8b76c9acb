namespace Tunewise.Studies.Validation;

/// <summary>
/// A baseline arm is a classifier: it needs a classification task and its train split, and it names no model, prompt,
/// retrieval, fine-tuning or constraint, since it would ignore them. Label-constrained decoding (<c>constrain: labels</c>)
/// needs a classification task, text answers and a provider that can restrict its output.
/// </summary>
public sealed class BaselineValidator : IStudyValidator
{
    /// <summary>Providers that can restrict generation to a list of outputs: a trie (lab), a grammar (GGUF), a JSON schema enum (OpenAI and compatible servers).</summary>
    public static readonly IReadOnlyList<string> ConstrainingProviders = [ModelProviders.Lab, ModelProviders.Gguf, ModelProviders.OpenAI, ModelProviders.OpenAICompatible];

    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        for (var i = 0; i < study.Arms.Length; i++)
        {
            var arm = study.Arms[i];
            var name = Issue.Arm(study, i);
            if (arm.Baseline is { } baseline)
            {
                var path = $"arms[{i}].baseline";
                if (study.Task.Kind != TaskKind.Classification)
                    yield return Issue.Error(study, path, $"{name} is a baseline classifier, which needs task.kind: classification (the task is {Kind(study.Task.Kind)})");
                if (baseline.Kind == BaselineKind.TfidfKnn && baseline.Neighbours < 1)
                    yield return Issue.Error(study, $"{path}.k", $"{name} baseline.k must be at least 1 (got {baseline.Neighbours})");
                if (baseline.Kind != BaselineKind.TfidfKnn && baseline.Neighbours != BaselineSpec.DefaultNeighbours)
                    yield return Issue.Error(study, $"{path}.k", $"{name} baseline.k applies to kind tfidf-knn only (the kind is {baseline.KindName})");
                foreach (var (key, given) in new[]
                {
                    ("model", !string.IsNullOrWhiteSpace(arm.Model)), ("prompt", arm.Prompt != PromptSpec.Default), ("retrieval", arm.Retrieval is not null),
                    ("finetune", arm.FineTune is not null), ("constrain", arm.Constrain is not null),
                })
                {
                    if (given)
                        yield return Issue.Error(study, $"arms[{i}].{key}", $"{name} is a baseline classifier, which uses no language model, so it cannot have '{key}'; put it on an LLM arm");
                }
                if (study.Task.Train is null && study.Task.Data is null)
                    yield return Issue.Error(study, path, $"{name} is a baseline classifier, which trains on the train split: give task.train or task.data");
            }
            if (arm.Constrain is OutputConstraint.Labels)
            {
                var path = $"arms[{i}].constrain";
                if (study.Task.Kind != TaskKind.Classification)
                    yield return Issue.Error(study, path, $"{name} constrain: labels restricts answers to the task's labels, which needs task.kind: classification (the task is {Kind(study.Task.Kind)})");
                if (arm.Prompt.ChainOfThought)
                    yield return Issue.Error(study, path, $"{name} constrain: labels allows only a label to come out, so it cannot be combined with prompt.chain_of_thought");
                if (arm.Prompt.ResponseFormat != ResponseFormat.Text)
                    yield return Issue.Error(study, path, $"{name} constrain: labels sets the output's format itself, so it cannot be combined with prompt.response_format");
                if (arm.Baseline is null && study.FindModel(arm.Model) is { } model && !ConstrainingProviders.Contains(model.Provider, StringComparer.Ordinal))
                    yield return Issue.Error(study, path, $"{name} constrain: labels is not supported for provider '{model.Provider}' (model '{model.Name}'): it needs a provider that restricts generation ({string.Join(", ", ConstrainingProviders)})");
            }
        }
    }

    private static string Kind(TaskKind kind) => kind.ToString().ToLowerInvariant();
}
