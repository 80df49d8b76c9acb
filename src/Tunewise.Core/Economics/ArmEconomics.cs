using System.Globalization;
using System.Text.Json;
using Tunewise.Prompting.Optimization;
using Tunewise.Evaluation.Running;
using Tunewise.Results;
using Tunewise.Serialization;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Economics;

/// <summary>
/// What an arm costs: per query and in all, from the model's token price when it has one, or for an in-process model
/// from its measured compute time per call × the machine price (concurrent calls share that time, so it is not the sum of
/// latencies); and the one-off spend before it can serve (training, the prompt search), priced like its calls. A baseline
/// classifier's training is priced at the process CPU seconds it measurably took.
/// </summary>
public sealed class ArmEconomics(RunStore store, LocalCompute localCompute)
{
    private static readonly JsonSerializerOptions StoreJson = new() { TypeInfoResolver = CoreJsonContext.Default };

    public async Task<ArmCostSummary> PriceAsync(string runId, string arm, ModelSpec model, ModelPrice? price, IReadOnlyList<ExampleResult> results,
        FineTuneSummary? fineTune, OptimizationResult? optimization, CancellationToken cancellationToken = default, BaselineSummary? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(results);
        var (cost, perQuery, source) = await RunningCostAsync(runId, arm, model, price, results, cancellationToken).ConfigureAwait(false);
        var local = LocalCompute.IsLocal(model.Provider);
        decimal? oneOff = baseline is not null ? localCompute.Cost(baseline.TrainingCpuSeconds)
            : fineTune is not null
            ? local ? localCompute.Cost(fineTune.TrainingSeconds) : null
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
        var stored = await store.GetArtifactAsync(runId, RunArtifacts.Compute(arm), cancellationToken).ConfigureAwait(false);
        if (stored is null || TypedJson.Deserialize<ArmCompute>(stored, StoreJson) is not { Calls: > 0 } compute)
            return (null, null, null);
        var perQuery = localCompute.Cost(compute.Seconds / compute.Calls);
        var source = string.Create(CultureInfo.InvariantCulture,
            $"measured compute, {compute.Seconds / compute.Calls:0.###} s per query on this machine × {localCompute.Source}");
        return (perQuery * results.Count, perQuery, source);
    }
}
