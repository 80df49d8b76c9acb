namespace Tunewise.Studies.Validation;

/// <summary>The keys without which a study means nothing: name, task basics, models, arms.</summary>
public sealed class RequiredFieldsValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(study.Name))
        {
            yield return Issue.Missing(study, "", "name", "missing required key 'name' (a short name for the study)");
        }
        // Train or dev without test gets its own, more specific message from TaskDataValidator.
        if (study.Task.Data is null && study.Task.Test is null && study.Task.Train is null && study.Task.Dev is null)
        {
            yield return Issue.Missing(study, "task", "task.test", "task needs 'data' (one file to split) or 'test' (a held-out test file)");
        }
        if (string.IsNullOrWhiteSpace(study.Task.Expected))
        {
            yield return Issue.Missing(study, "task", "task.expected", "missing required key 'expected' in task (the field that holds the gold answer)");
        }
        if (study.Models.IsEmpty && !study.Arms.All(a => a.Baseline is not null))
        {
            yield return Issue.Missing(study, "", "models", "missing required key 'models' (at least one model, e.g. 'big: openai:gpt-4o-mini')");
        }
        if (study.Arms.IsEmpty)
        {
            yield return Issue.Missing(study, "", "arms", "missing required key 'arms' (at least one arm to measure)");
        }
        for (var i = 0; i < study.Arms.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(study.Arms[i].Name))
            {
                yield return Issue.Missing(study, $"arms[{i}]", $"arms[{i}].name", $"missing required key 'name' in arm #{i + 1}", atParentKey: false);
            }
            if (string.IsNullOrWhiteSpace(study.Arms[i].Model) && study.Arms[i].Baseline is null)
            {
                yield return Issue.Missing(study, $"arms[{i}]", $"arms[{i}].model", $"missing required key 'model' in {Issue.Arm(study, i)}", atParentKey: false);
            }
        }
    }
}
