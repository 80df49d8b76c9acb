using System.Globalization;
using Tunewise.Data.Preparation;
using Tunewise.Evaluation.Running;
using Tunewise.FineTuning.Running;
using Tunewise.Results;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Economics;

/// <summary>
/// The economics stage: what each measured arm costs, per query and in all, from the model's token price when it has one,
/// or for an in-process model from its measured compute time per call × the machine price (concurrent calls share that
/// time, so it is not the sum of latencies); and the one-off spend before it can serve (training, the prompt search),
/// priced like its calls; a baseline classifier's training at the process CPU seconds it measurably took. It reads the
/// summary the measurement stages produced and the run store, and returns the summary with each arm's
/// <see cref="ArmCostSummary"/> in place; an arm that did not run has no costs.
/// </summary>
public sealed class EconomicsStage(RunStore store, Func<ModelSpec, ModelPrice?> prices, LocalCompute localCompute)
{
    /// <summary>The summary with every measured arm's costs set.</summary>
    public async Task<StudySummary> PriceAsync(StudyRunInput input, StudySummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(summary);
        var testIds = input.Split.Test.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var arms = new List<ArmSummary>(summary.Arms.Count);
        foreach (var measured in summary.Arms)
        {
            var arm = input.Study.Arms.FirstOrDefault(a => string.Equals(a.Name, measured.Name, StringComparison.Ordinal));
            if (arm is null || measured.Status == "not_run")
            {
                arms.Add(measured);
                continue;
            }
            var costs = await PriceAsync(summary.RunId, input.Study, arm, measured, testIds, cancellationToken).ConfigureAwait(false);
            arms.Add(measured with { Cost = costs.Cost, CostPerQuery = costs.CostPerQuery, CostSource = costs.Source, OneOffCost = costs.OneOffCost });
        }
        return summary with { Arms = arms };
    }

    /// <summary>One arm's costs: its stored test calls (every repeat) priced, and its one-off spend.</summary>
    public async Task<ArmCostSummary> PriceAsync(string runId, Study study, ArmSpec arm, ArmSummary measured, IReadOnlySet<string> testIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(measured);
        var model = study.ModelOf(arm);
        if (measured.FineTune is { } tuned)
            model = FineTuneStage.TunedModel(arm, model, tuned.TunedModel);
        var results = new List<ExampleResult>();
        await foreach (var r in store.ReadResultsAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false))
        {
            if (testIds.Contains(r.ExampleId))
                results.Add(r);
        }
        // A baseline's classifier has no model pipeline: it is priced by its measured compute.
        var price = arm.Baseline is null ? prices(model) : null;
        var (cost, perQuery, source) = await RunningCostAsync(runId, arm.Name, model, price, results, cancellationToken).ConfigureAwait(false);
        var local = LocalCompute.IsLocal(model.Provider);
        var optimization = measured.Optimization;
        decimal? oneOff = measured.Baseline is { } baseline ? localCompute.Cost(baseline.TrainingCpuSeconds)
            : measured.FineTune is { } fineTune
            ? fineTune.TrainingCostUsd ?? (local && fineTune.Backend != CommandFineTuneBackend.BackendName ? localCompute.Cost(fineTune.TrainingSeconds) : null)
            : optimization is null ? 0m
            : optimization.CostUsd ?? (local ? localCompute.Cost(optimization.Seconds) : null);
        return new ArmCostSummary(cost, perQuery, source, oneOff);
    }

    private async Task<(decimal? Cost, decimal? PerQuery, string? Source)> RunningCostAsync(
        string runId, string arm, ModelSpec model, ModelPrice? price, IReadOnlyList<ExampleResult> results, CancellationToken cancellationToken)
    {
        if (price is not null)
        {
            var cost = results.Sum(r => r.Cost);
            return (cost, results.Count > 0 ? cost / results.Count : null, model.Price is not null ? "the study's price for " + model.Reference : "the model catalog's list price for " + model.Reference);
        }
        if (!LocalCompute.IsLocal(model.Provider))
            return (null, null, null);
        if (await store.LoadAsync(runId, ArmCompute.Artifact.For(arm), cancellationToken).ConfigureAwait(false) is not { Calls: > 0 } compute)
            return (null, null, null);
        var perQuery = localCompute.Cost(compute.Seconds / compute.Calls);
        var source = string.Create(CultureInfo.InvariantCulture,
            $"measured compute, {compute.Seconds / compute.Calls:0.###} s per query on this machine × {localCompute.Source}");
        return (perQuery * results.Count, perQuery, source);
    }
}
