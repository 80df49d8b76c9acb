namespace Tunewise.Studies.Validation;

/// <summary>
/// The fields the study uses exist in the data: <c>input</c>, <c>expected</c> and every
/// <c>{{field}}</c> of every template. Runs only when the caller knows the data's fields.
/// </summary>
public sealed class DataFieldValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        if (context.DataFields is not { } fields)
        {
            yield break;
        }
        var known = fields.Order(StringComparer.Ordinal).ToList();
        var listed = string.Join(", ", known);

        for (var i = 0; i < study.Task.Input.Length; i++)
        {
            var input = study.Task.Input[i];
            if (!fields.Contains(input))
            {
                var path = study.Source.Contains($"task.input[{i}]") ? $"task.input[{i}]" : "task.input";
                yield return Issue.Error(study, path, $"task.input field '{input}' is not in the data{DidYouMean.Hint(input, known)}; fields: {listed}");
            }
        }
        if (!string.IsNullOrWhiteSpace(study.Task.Expected) && !fields.Contains(study.Task.Expected))
        {
            yield return Issue.Error(study, "task.expected", $"task.expected field '{study.Task.Expected}' is not in the data{DidYouMean.Hint(study.Task.Expected, known)}; fields: {listed}");
        }

        for (var i = 0; i < study.Arms.Length; i++)
        {
            var prompt = study.Arms[i].Prompt;
            foreach (var (key, template) in new[] { ("template", prompt.Template), ("system", prompt.System) })
            {
                if (template is null)
                {
                    continue;
                }
                foreach (var name in PromptPlaceholders.Find(template).Select(p => p.Name).Distinct(StringComparer.Ordinal))
                {
                    if (!fields.Contains(name) && !PromptPlaceholders.Reserved.Contains(name))
                    {
                        yield return Issue.Error(study, $"arms[{i}].prompt.{key}",
                            $"{Issue.Arm(study, i)} prompt.{key} uses {{{{{name}}}}} but the data has no field '{name}'{DidYouMean.Hint(name, known)}; fields: {listed}");
                    }
                }
            }
        }
    }
}
