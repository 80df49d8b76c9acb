using System.Collections.Immutable;
using Tunewise.Studies.Validation;

namespace Tunewise.Studies;

/// <summary>
/// Builds a <see cref="Study"/> in code, for library users. <see cref="Build"/> validates and freezes
/// it into an immutable study, exactly as <see cref="StudyLoader"/> does for a YAML file.
/// <code>
/// var study = new StudyBuilder("support-intents")
///     .WithTask(TaskKind.Classification, t => t.WithTest("data/test.csv").WithInput("text").WithExpected("label"))
///     .AddModel("small", "ollama:llama3.1:8b")
///     .AddArm(new ArmSpec { Name = "zero-shot", Model = "small" })
///     .WithRequirement(MetricNames.Accuracy, 0.9)
///     .Build();
/// </code>
/// </summary>
public sealed class StudyBuilder
{
    public StudyBuilder(string name = "") => Name = name;

    public string Name { get; set; }
    public TaskBuilder Task { get; } = new();
    public RequirementSpec? Requirement { get; set; }
    public VolumeSpec? Volume { get; set; }
    public List<ModelSpec> Models { get; } = [];
    public List<ArmSpec> Arms { get; } = [];

    /// <summary>Empty means the task kind's default metrics (plus the requirement's metric).</summary>
    public List<MetricSpec> Metrics { get; } = [];

    public BudgetSpec? Budget { get; set; }
    public Dictionary<string, double> Decision { get; } = new(StringComparer.Ordinal);
    public StudyOptions Robustness { get; set; } = StudyOptions.None;
    public StudyOptions Optimization { get; set; } = StudyOptions.None;

    /// <summary>The folder relative paths resolve against; the current directory when not set.</summary>
    public string? BaseDirectory { get; set; }

    public StudyBuilder WithName(string name) { Name = name; return this; }

    public StudyBuilder WithTask(TaskKind kind, Action<TaskBuilder>? configure = null)
    {
        Task.Kind = kind;
        configure?.Invoke(Task);
        return this;
    }

    public StudyBuilder WithRequirement(string metric, double target) { Requirement = new RequirementSpec(metric, target); return this; }
    public StudyBuilder WithVolume(long queriesPerMonth) { Volume = new VolumeSpec(queriesPerMonth); return this; }
    public StudyBuilder WithBudget(decimal usd) { Budget = new BudgetSpec(usd); return this; }
    public StudyBuilder WithBaseDirectory(string directory) { BaseDirectory = directory; return this; }
    public StudyBuilder WithDecisionThreshold(string name, double value) { Decision[name] = value; return this; }
    public StudyBuilder WithRobustness(StudyOptions options) { Robustness = options; return this; }
    public StudyBuilder WithOptimization(StudyOptions options) { Optimization = options; return this; }

    public StudyBuilder AddModel(ModelSpec model) { Models.Add(model); return this; }

    /// <summary>Adds a model from a reference such as <c>openai:gpt-4o-mini</c>; a reference without a provider fails validation.</summary>
    public StudyBuilder AddModel(string name, string reference) =>
        AddModel(ModelSpec.TryParse(name, reference) ?? new ModelSpec(name, string.Empty, reference));

    public StudyBuilder AddArm(ArmSpec arm) { Arms.Add(arm); return this; }

    public StudyBuilder AddMetric(string name) => AddMetric(new MetricSpec(name));

    public StudyBuilder AddMetric(MetricSpec metric) { Metrics.Add(metric); return this; }

    /// <summary>Validates and freezes the study; throws <see cref="StudyValidationException"/> listing every error.</summary>
    public Study Build(StudyValidationContext? context = null)
    {
        var study = Freeze(StudySource.None);
        var findings = new List<ValidationError>();
        if (Task.Kind is null)
        {
            findings.Add(new ValidationError(null, 0, 0, MissingKindMessage) { Path = "task.kind" });
        }
        findings.AddRange(StudyValidators.Default.Validate(study, context ?? StudyValidationContext.Empty));
        if (findings.Any(f => f.IsError))
        {
            throw new StudyValidationException(findings);
        }
        return study;
    }

    internal const string MissingKindMessage = "missing required key 'kind' in task (classification | extraction | generation | qa)";

    /// <summary>Freezes without validating; validation decides whether the result may escape.</summary>
    internal Study Freeze(StudySource source)
    {
        var baseDirectory = Path.GetFullPath(BaseDirectory ?? Environment.CurrentDirectory);
        var task = Task.Freeze(baseDirectory);
        return new Study(
            Name,
            task,
            Requirement,
            Volume,
            [.. Models],
            [.. Arms],
            EffectiveMetrics(task.Kind),
            Budget,
            Decision.ToImmutableDictionary(StringComparer.Ordinal),
            Robustness,
            Optimization,
            baseDirectory,
            source);
    }

    private ImmutableArray<MetricSpec> EffectiveMetrics(TaskKind kind)
    {
        if (Metrics.Count > 0)
        {
            return [.. Metrics];
        }
        var names = MetricNames.DefaultsFor(kind).ToList();
        if (Requirement is { } requirement && MetricNames.IsKnown(requirement.Metric) && !names.Contains(requirement.Metric))
        {
            names.Add(requirement.Metric);
        }
        return [.. names.Select(n => new MetricSpec(n))];
    }
}
