namespace Tunewise.Studies.Validation;

/// <summary>Metrics are known, carry the options they need, and include the requirement's metric.</summary>
public sealed class MetricValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        for (var i = 0; i < study.Metrics.Length; i++)
        {
            var metric = study.Metrics[i];
            if (!MetricNames.IsKnown(metric.Name))
            {
                yield return Issue.Error(study, $"metrics[{i}]",
                    $"unknown metric '{metric.Name}'{DidYouMean.Hint(metric.Name, MetricNames.All)}; known metrics: {string.Join(", ", MetricNames.All)}");
                continue;
            }
            var allowed = MetricNames.Options[metric.Name];
            foreach (var option in metric.Options.Keys.Order(StringComparer.Ordinal))
            {
                if (!allowed.Contains(option))
                {
                    var hint = DidYouMean.Hint(option, allowed);
                    var known = allowed.IsEmpty ? "it takes no options" : $"it takes: {string.Join(", ", allowed)}";
                    yield return Issue.ErrorAtKey(study, $"metrics[{i}].{option}", $"unknown option '{option}' for metric '{metric.Name}'{hint}; {known}");
                }
            }
            if (metric.Name == MetricNames.Regex && string.IsNullOrEmpty(metric.Option("pattern")))
            {
                yield return Issue.Error(study, $"metrics[{i}]", "metric 'regex' needs a 'pattern', e.g. { name: regex, pattern: \"^[A-Z]{3}$\" }");
            }
            if (metric.Name == MetricNames.Judge && string.IsNullOrEmpty(metric.Option(MetricNames.JudgeModelOption)))
            {
                yield return Issue.Error(study, $"metrics[{i}]", $"metric 'judge' needs a '{MetricNames.JudgeModelOption}' naming one of the study's models");
            }
        }

        if (study.Requirement is null)
        {
            yield return Issue.Warning(study, "requirement", "no requirement: add e.g. 'requirement: { metric: accuracy, target: 0.9 }' so the report can say whether prompting is enough");
        }
        else if (!MetricNames.IsKnown(study.Requirement.Metric))
        {
            yield return Issue.Error(study, "requirement.metric",
                $"unknown metric '{study.Requirement.Metric}' in requirement{DidYouMean.Hint(study.Requirement.Metric, MetricNames.All)}");
        }
        else if (!study.Metrics.Any(m => m.Name == study.Requirement.Metric))
        {
            yield return Issue.Error(study, "requirement.metric",
                $"requirement.metric '{study.Requirement.Metric}' is not among the study's metrics ({string.Join(", ", study.Metrics.Select(m => m.Name))}); add it to 'metrics'");
        }
    }
}
