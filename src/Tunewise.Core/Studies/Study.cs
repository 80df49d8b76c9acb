using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>
/// A validated, immutable study: the task, the candidate models, the arms to measure and the bar to
/// meet. Build one with <see cref="StudyBuilder"/> or load one with <see cref="StudyLoader"/>.
/// </summary>
public sealed class Study
{
    internal Study(
        string name,
        TaskSpec task,
        RequirementSpec? requirement,
        VolumeSpec? volume,
        ImmutableArray<ModelSpec> models,
        ImmutableArray<ArmSpec> arms,
        ImmutableArray<MetricSpec> metrics,
        BudgetSpec? budget,
        ImmutableDictionary<string, double> decision,
        StudyOptions robustness,
        StudyOptions optimization,
        string baseDirectory,
        StudySource source)
    {
        Name = name;
        Task = task;
        Requirement = requirement;
        Volume = volume;
        Models = models;
        Arms = arms;
        Metrics = metrics;
        Budget = budget;
        Decision = decision;
        Robustness = robustness;
        Optimization = optimization;
        BaseDirectory = baseDirectory;
        Source = source;
    }

    public string Name { get; }
    public TaskSpec Task { get; }
    public RequirementSpec? Requirement { get; }
    public VolumeSpec? Volume { get; }

    /// <summary>The study's models in file order; arms refer to them by <see cref="ModelSpec.Name"/>.</summary>
    public ImmutableArray<ModelSpec> Models { get; }

    public ImmutableArray<ArmSpec> Arms { get; }

    /// <summary>The metrics to compute; the task kind's defaults when the study lists none.</summary>
    public ImmutableArray<MetricSpec> Metrics { get; }

    public BudgetSpec? Budget { get; }

    /// <summary>Thresholds that tune the decision procedure, by name (for example <c>knowledge_gap_closed</c>).</summary>
    public ImmutableDictionary<string, double> Decision { get; }

    /// <summary>Robustness checks to run; open-ended options read by the robustness stage.</summary>
    public StudyOptions Robustness { get; }

    /// <summary>Prompt optimization settings; open-ended options read by the optimization stage.</summary>
    public StudyOptions Optimization { get; }

    /// <summary>The folder relative paths were resolved against (the study file's folder).</summary>
    public string BaseDirectory { get; }

    /// <summary>Where each key came from, for located error messages.</summary>
    public StudySource Source { get; }

    public ModelSpec? FindModel(string name) => Models.FirstOrDefault(m => m.Name == name);

    /// <summary>The arm's model; a baseline arm's is its classifier, <c>baseline:KIND</c>.</summary>
    public ModelSpec ModelOf(ArmSpec arm) => arm.Baseline is { } baseline
        ? new ModelSpec(ModelProviders.Baseline + ":" + baseline.KindName, ModelProviders.Baseline, baseline.KindName)
        : FindModel(arm.Model)
        ?? throw new InvalidOperationException($"Arm '{arm.Name}' names model '{arm.Model}', which the study does not define.");

    public ArmSpec? FindArm(string name) => Arms.FirstOrDefault(a => a.Name == name);
}
