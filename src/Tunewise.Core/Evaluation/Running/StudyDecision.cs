using System.Collections.Immutable;
using Tunewise.Decision;
using Tunewise.Models;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>
/// Maps a run's report into <see cref="StudyMeasurements"/> and runs the decision procedure on it. Arms that
/// did not run (fine-tuning, for now) are left out, never entered as zeros.
/// </summary>
public static class StudyDecision
{
    /// <param name="exampleScores">Per arm, the primary metric's per-example scores in frozen test order (NaN where missing).</param>
    public static DecisionReport Decide(Study study, StudyReport report, IReadOnlyDictionary<string, IReadOnlyList<double>> exampleScores,
        ModelCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(exampleScores);
        try
        {
            var measurements = Measure(study, report, exampleScores, catalog ?? ModelCatalog.Default);
            if (measurements.Arms.IsEmpty)
                return DecisionReport.Failed("no arm was run, so there is nothing to decide from");
            return DecisionReport.Computed(DecisionEngine.Decide(measurements, DecisionThresholds.From(study)));
        }
        catch (ArgumentException ex)
        {
            return DecisionReport.Failed(ex.Message);
        }
    }

    public static StudyMeasurements Measure(Study study, StudyReport report, IReadOnlyDictionary<string, IReadOnlyList<double>> exampleScores, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(catalog);
        var ran = report.Arms.Where(a => a.Status != "not_run").ToList();
        var specs = study.Arms.ToDictionary(a => a.Name, StringComparer.Ordinal);
        // Models the catalog does not list (lab, local checkpoints) are sized by what their fine-tuning arms measured.
        var measuredSizes = ran.Where(a => a.FineTune is { TotalParameters: > 0 }).GroupBy(a => a.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().FineTune!.TotalParameters, StringComparer.Ordinal);
        var parameters = ran.Select(a => study.ModelOf(specs[a.Name]))
            .Select(m => (m.Reference, Parameters: catalog.Find(m.Provider, m.Model)?.Parameters ?? (measuredSizes.TryGetValue(m.Reference, out var measured) ? measured : null)))
            .Distinct().ToDictionary(p => p.Reference, p => p.Parameters, StringComparer.Ordinal);
        var known = parameters.Values.OfType<long>().Distinct().ToList();

        var arms = ImmutableArray.CreateBuilder<ArmMeasurement>();
        foreach (var arm in ran)
        {
            var spec = specs[arm.Name];
            var size = parameters.GetValueOrDefault(arm.Model);
            var scores = exampleScores.TryGetValue(arm.Name, out var s) && s.Count > 0 && s.All(double.IsFinite) ? s.ToImmutableArray() : [];
            arms.Add(new ArmMeasurement
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
            MetricOrder = [.. study.Metrics.Select(m => m.Name)],
            CurationReportWritten = report.Curation is not null,
            TestSetFrozen = !string.IsNullOrEmpty(report.TestHash),
            BaseModelsEvaluated = ran.Select(a => a.Model).Distinct(StringComparer.Ordinal).Count(),
        };
    }

    /// <summary>How the decision procedure groups an arm, from its kind and prompt settings.</summary>
    public static ArmTechnique TechniqueOf(ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        if (arm.FineTune is not null)
            return ArmTechnique.FineTuned;
        if (arm.Retrieval is { } retrieval)
            return retrieval.Oracle ? ArmTechnique.OracleContext : ArmTechnique.Retrieval;
        if (arm.Prompt.ChainOfThought)
            return ArmTechnique.ChainOfThought;
        if (arm.Prompt.ResponseFormat is ResponseFormat.Json or ResponseFormat.JsonSchema)
            return ArmTechnique.FormatConstrained;
        return arm.Prompt.FewShot > 0 ? ArmTechnique.FewShot : ArmTechnique.ZeroShot;
    }

    private static Estimate ToEstimate(MetricValue value) =>
        new(value.Value ?? double.NaN, value.CiLow ?? double.NaN, value.CiHigh ?? double.NaN, value.N);
}
