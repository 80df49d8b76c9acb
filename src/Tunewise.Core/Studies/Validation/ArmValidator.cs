namespace Tunewise.Studies.Validation;

/// <summary>
/// Arms have unique names, name models the study defines (as do teachers and judges), and ask for a
/// response format they configure.
/// </summary>
public sealed class ArmValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        var modelNames = study.Models.Select(m => m.Name).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < study.Arms.Length; i++)
        {
            var arm = study.Arms[i];
            var name = Issue.Arm(study, i);
            if (!string.IsNullOrWhiteSpace(arm.Name))
            {
                if (seen.TryGetValue(arm.Name, out var first))
                {
                    yield return Issue.Error(study, $"arms[{i}].name", $"duplicate arm name '{arm.Name}' (also arm #{first + 1}); arm names must be unique");
                }
                else
                {
                    seen[arm.Name] = i;
                }
            }
            if (!string.IsNullOrWhiteSpace(arm.Model) && study.FindModel(arm.Model) is null)
            {
                yield return Issue.Error(study, $"arms[{i}].model", $"{name} names undefined model '{arm.Model}'{ModelHint(arm.Model, modelNames)}");
            }
            if (arm.FineTune?.Teacher is { } teacher && study.FindModel(teacher) is null && !study.Arms.Any(a => a.Name == teacher && a.Kind is not (ArmKind.FineTuning or ArmKind.Baseline)))
            {
                yield return Issue.Error(study, $"arms[{i}].finetune.teacher", $"{name} finetune.teacher names neither a model nor a prompting or retrieval arm: '{teacher}'{ModelHint(teacher, modelNames)}");
            }
            if (arm.Prompt.ResponseFormat == ResponseFormat.JsonSchema && arm.Prompt.Schema is null && arm.Prompt.SchemaFile is null)
            {
                yield return Issue.Error(study, $"arms[{i}].prompt.response_format", $"{name} asks for response_format json_schema and needs prompt.schema (an inline schema or a .json file)");
            }
            if (arm.Prompt.ResponseFormat != ResponseFormat.JsonSchema && (arm.Prompt.Schema is not null || arm.Prompt.SchemaFile is not null))
            {
                yield return Issue.Warning(study, $"arms[{i}].prompt.schema", $"{name} gives prompt.schema but its response_format is not json_schema, so the schema is not used");
            }
            if (arm.Prompt.SchemaFile is { } schemaFile && context.CheckFiles && !File.Exists(schemaFile))
            {
                yield return Issue.Error(study, $"arms[{i}].prompt.schema", $"{name} prompt.schema: file not found: {schemaFile}");
            }
        }

        for (var i = 0; i < study.Metrics.Length; i++)
        {
            if (study.Metrics[i].Name == MetricNames.Judge && study.Metrics[i].Option(MetricNames.JudgeModelOption) is { Length: > 0 } judge && study.FindModel(judge) is null)
            {
                yield return Issue.Error(study, $"metrics[{i}].model", $"metric 'judge' names undefined model '{judge}'{ModelHint(judge, modelNames)}");
            }
        }
    }

    private static string ModelHint(string name, IReadOnlyCollection<string> models)
    {
        var suggestion = DidYouMean.Hint(name, models);
        if (suggestion.Length > 0)
        {
            return suggestion;
        }
        return models.Count == 0 ? "; the study defines no models" : $"; defined models: {string.Join(", ", models)}";
    }
}
