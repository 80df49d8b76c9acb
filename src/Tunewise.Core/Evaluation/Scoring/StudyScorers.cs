using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Scoring;

/// <summary>A study's scorers and what they score against, shared by the stages that call arms and the one that summarises them.</summary>
public static class StudyScorers
{
    /// <summary>The study's metrics (or its task kind's defaults), in the order it lists them.</summary>
    public static IReadOnlyList<IScorer> Create(ScorerRegistry registry, Study study, IReadOnlyList<string> labels)
    {
        var names = study.Metrics.IsDefaultOrEmpty
            ? MetricNames.DefaultsFor(study.Task.Kind).ToList()
            : study.Metrics.Select(m => m.Name).ToList();
        return names.Select(n => registry.Create(n, Options(labels))).ToList();
    }

    /// <summary>The metric the study is judged on: its requirement's, else its first.</summary>
    public static string PrimaryMetric(ScorerRegistry registry, Study study, IReadOnlyList<string> labels) =>
        study.Requirement?.Metric ?? Create(registry, study, labels)[0].Name;

    public static ScorerOptions Options(IReadOnlyList<string> labels) => new() { Labels = labels.Count > 0 ? labels : null };

    /// <summary>A classification study's label set, read from train and dev (the test set when those are empty); empty for other tasks.</summary>
    public static IReadOnlyList<string> Labels(Study study, DataSplit split)
    {
        if (study.Task.Kind != TaskKind.Classification)
            return [];
        var source = split.Train.Count + split.Dev.Count > 0 ? split.Train.Concat(split.Dev) : split.Test;
        return source.Select(e => e.Fields.TryGetValue(study.Task.Expected, out var v) ? v : null)
            .OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public static string InputOf(Study study, Example example) =>
        string.Join("\n", study.Task.Input.Select(f => example.Fields.TryGetValue(f, out var v) ? v : ""));
}
