using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Planning;

/// <summary>The <c>tunewise plan --json</c> shape, part of the CLI's public contract.</summary>
internal static class PlanJson
{
    public static string Serialize(TrainingPlan plan)
    {
        var request = plan.Request;
        var json = new JsonObject
        {
            ["model"] = plan.Architecture.Name,
            ["method"] = request.Method.ToString().ToLowerInvariant(),
            ["precision"] = request.Precision.Name,
            ["seq"] = request.SequenceLength,
            ["batch"] = request.MicroBatchSize,
            ["rank"] = request.Method == FineTuneMethod.Full ? null : request.LoraRank,
            ["targets"] = request.Method == FineTuneMethod.Full ? null : LoraTargets.Format(request.LoraTargets),
            ["checkpointing"] = request.GradientCheckpointing,
            ["params"] = plan.Parameters.Total,
            ["trainable_params"] = plan.TrainableParameters,
            ["adapter_bytes"] = plan.AdapterBytes,
            ["memory_bytes"] = plan.PeakMemoryBytes,
            ["memory"] = new JsonObject
            {
                ["weights"] = plan.Memory.Weights,
                ["gradients"] = plan.Memory.Gradients,
                ["optimizer_state"] = plan.Memory.OptimizerState,
                ["activations"] = plan.Memory.Activations,
            },
            ["tokens"] = plan.Tokens,
            ["flops"] = plan.Flops,
            ["gpus"] = new JsonArray(plan.Gpus.Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Name,
                ["fits"] = g.Fits,
                ["gpu_count"] = g.GpuCount,
                ["hours"] = g.Hours,
                ["usd"] = g.Usd,
                ["usd_per_hour"] = g.Gpu.UsdPerHour,
                ["as_of"] = g.Gpu.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["cheapest"] = g.Cheapest is not { } fit ? null : new JsonObject
                {
                    ["micro_batch"] = fit.MicroBatchSize,
                    ["gradient_accumulation"] = fit.GradientAccumulationSteps,
                    ["gradient_checkpointing"] = fit.GradientCheckpointing,
                    ["gpu_count"] = fit.GpuCount,
                    ["multi_gpu"] = fit.MultiGpuMethod,
                    ["peak_memory_bytes"] = fit.PeakMemoryBytes,
                    ["hours"] = fit.Hours,
                    ["usd"] = fit.Usd,
                },
            }).ToArray()),
            ["assumptions"] = new JsonArray(plan.Assumptions.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
            ["sources"] = new JsonArray(plan.Sources.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
