namespace Tunewise.Studies.Validation;

/// <summary>
/// An arm trained by an external command (<c>finetune: { backend: command }</c>) must say how its tuned model is evaluated:
/// in-process on the lab engine (a <c>lab:</c> base model) or on an OpenAI-compatible <c>endpoint</c>. Budgets and replay
/// belong to the lab trainer, which does not run here, so they are refused rather than ignored.
/// </summary>
public sealed class CommandTrainerValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        for (var i = 0; i < study.Arms.Length; i++)
        {
            var arm = study.Arms[i];
            if (arm.FineTune is not { Command: { } command } tune)
                continue;
            var name = Issue.Arm(study, i);
            var path = $"arms[{i}].finetune";
            if (command.PricePerHour is < 0)
                yield return Issue.Error(study, $"{path}.price_per_hour", $"{name} finetune.price_per_hour must be 0 or more (got {command.PricePerHour})");
            if (command.PricePerHour is not null && command.Gpu is not null)
                yield return Issue.Error(study, $"{path}.gpu", $"{name} gives both finetune.price_per_hour and finetune.gpu: give one (gpu prices the wall time from the GPU catalog)");
            if (command.GpuCount is < 1)
                yield return Issue.Error(study, $"{path}.gpus", $"{name} finetune.gpus must be 1 or more (got {command.GpuCount})");
            if (command.GpuCount is not null && command.Gpu is null)
                yield return Issue.Error(study, $"{path}.gpus", $"{name} finetune.gpus counts the finetune.gpu it trains on: name the gpu as well");
            if (command.Gpu is { } gpu && context.GpuNames is { } known && !known.Contains(gpu, StringComparer.OrdinalIgnoreCase))
                yield return Issue.Error(study, $"{path}.gpu", $"{name} finetune.gpu '{gpu}' is not in the GPU catalog; it has {string.Join(", ", known)}");
            if (command.Endpoint is null && study.FindModel(arm.Model) is { } model && model.Provider != ModelProviders.Lab)
                yield return Issue.Error(study, $"{path}.backend",
                    $"{name} trains '{model.Reference}' with an external command, and its tuned model must be evaluated somewhere: give finetune.endpoint (an OpenAI-compatible server that serves it, such as vLLM with --enable-lora), or use a lab: base model to evaluate it in-process");
            foreach (var (key, given) in new[] { ("max_steps", tune.MaxSteps is not null), ("max_minutes", tune.MaxMinutes is not null), ("replay", tune.Replay > 0) })
            {
                if (given)
                    yield return Issue.Error(study, $"{path}.{key}", $"{name} finetune.{key} applies to the lab trainer; an external command trains as its own config says");
            }
        }
    }
}
