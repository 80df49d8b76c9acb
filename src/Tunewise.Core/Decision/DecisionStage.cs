using System.Collections.Immutable;
using Tunewise.Models;
using Tunewise.Results;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Decision;

/// <summary>
/// The decision stage: maps a study's summary into <see cref="StudyMeasurements"/> and runs the decision procedure
/// on it. Arms that did not run are left out, never entered as zeros.
/// </summary>
public sealed class DecisionStage
{
    private readonly DecisionEngine _engine;
    private readonly ModelCatalog _catalog;

    public DecisionStage(DecisionEngine? engine = null, ModelCatalog? catalog = null)
    {
        _engine = engine ?? DecisionEngine.Default;
        _catalog = catalog ?? ModelCatalog.Default;
    }

    public DecisionOutcome Decide(Study study, StudySummary summary)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(summary);
        try
        {
            var measurements = Measure(study, summary, _catalog);
            if (measurements.Arms.IsEmpty && measurements.Baselines.IsEmpty)
                return DecisionOutcome.Failed("no arm was run, so there is nothing to decide from");
            return DecisionOutcome.Computed(_engine.Decide(measurements, DecisionThresholds.From(study)));
        }
        catch (ArgumentException ex)
        {
            return DecisionOutcome.Failed(ex.Message);
        }
    }

    public static StudyMeasurements Measure(Study study, StudySummary summary, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(catalog);
        var ran = summary.Arms.Where(a => a.Status != "not_run").ToList();
        var specs = study.Arms.ToDictionary(a => a.Name, StringComparer.Ordinal);
        // Models the catalog does not list (lab, local checkpoints) are sized by what their fine-tuning arms measured.
        var measuredSizes = ran.Where(a => a.FineTune is { TotalParameters: > 0 }).GroupBy(a => a.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().FineTune!.TotalParameters, StringComparer.Ordinal);
        var parameters = ran.Select(a => study.ModelOf(specs[a.Name]))
            .Select(m => (m.Reference, Parameters: catalog.Find(m.Provider, m.Model)?.Parameters ?? (measuredSizes.TryGetValue(m.Reference, out var measured) ? measured : null)))
            .Distinct().ToDictionary(p => p.Reference, p => p.Parameters, StringComparer.Ordinal);
        var known = parameters.Where(p => !p.Key.StartsWith(ModelProviders.Baseline + ":", StringComparison.Ordinal)).Select(p => p.Value).OfType<long>().Distinct().ToList();

        var arms = ImmutableArray.CreateBuilder<ArmMeasurement>();
        var baselines = ImmutableArray.CreateBuilder<ArmMeasurement>();
        foreach (var arm in ran)
        {
            var spec = specs[arm.Name];
            var size = parameters.GetValueOrDefault(arm.Model);
            var scores = arm.PrimaryScores is { IsDefaultOrEmpty: false } s && s.All(double.IsFinite) ? s : [];
            (spec.Baseline is null ? arms : baselines).Add(new ArmMeasurement
            {
                Name = arm.Name,
                Technique = TechniqueOf(spec),
                Model = arm.Model,
                ModelParameters = size,
                // Small and large only mean something relative to the other candidates of the same study.
                Scale = size is { } p && known.Count >= 2 ? (p == known.Min() ? ModelScale.Small : p == known.Max() ? ModelScale.Large : ModelScale.Unknown) : ModelScale.Unknown,
                Metrics = arm.Metrics.ToImmutableDictionary(m => m.Key, m => ToEstimate(m.Value), StringComparer.Ordinal),
                ExampleScores = scores,
                Errors = arm.ErrorClasses,
                CostPerQuery = arm.CostPerQuery is { } c ? (double)c : null,
                OneOffCost = arm.OneOffCost is { } o ? (double)o : spec.FineTune is null ? 0 : null,
                FineTuneMethod = spec.FineTune?.Method,
                Forgetting = arm.FineTune?.Forgetting is { } f ? new Estimate(f.Delta, f.CiLow, f.CiHigh, f.Items) : null,
                LatencyP50Ms = arm.LatencyP50Ms,
                LatencyP95Ms = arm.LatencyP95Ms,
            });
        }
        return new StudyMeasurements
        {
            Study = study.Name,
            Requirement = study.Requirement,
            QueriesPerMonth = study.Volume?.QueriesPerMonth,
            Arms = arms.ToImmutable(),
            Baselines = baselines.ToImmutable(),
            NotRun = [.. summary.Arms.Where(a => a.Status == "not_run").Select(a => new NotRunArm(a.Name, TechniqueOf(specs[a.Name]), a.Reason ?? "not run"))],
            MetricOrder = [.. study.Metrics.Select(m => m.Name)],
            CurationReportWritten = summary.Curation is not null,
            TestSetFrozen = !string.IsNullOrEmpty(summary.TestHash),
            BaseModelsEvaluated = ran.Where(a => specs[a.Name].Baseline is null).Select(a => a.Model).Distinct(StringComparer.Ordinal).Count(),
        };
    }

    /// <summary>How the decision procedure groups an arm, from its kind and prompt settings.</summary>
    public static ArmTechnique TechniqueOf(ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        if (arm.Baseline is not null)
            return ArmTechnique.Baseline;
        if (arm.FineTune is not null)
            return ArmTechnique.FineTuned;
        if (arm.Retrieval is { } retrieval)
            return retrieval.Oracle ? ArmTechnique.OracleContext : ArmTechnique.Retrieval;
        if (arm.Prompt.ChainOfThought)
            return ArmTechnique.ChainOfThought;
        if (arm.Constrain is not null || arm.Prompt.ResponseFormat is ResponseFormat.Json or ResponseFormat.JsonSchema)
            return ArmTechnique.FormatConstrained;
        return arm.Prompt.FewShot > 0 ? ArmTechnique.FewShot : ArmTechnique.ZeroShot;
    }

    private static Estimate ToEstimate(MetricEstimate value) =>
        new(value.Value ?? double.NaN, value.CiLow ?? double.NaN, value.CiHigh ?? double.NaN, value.N);
}
