using System.Text.Json;
using Tunewise.Serialization;
using Tunewise.Storage;

namespace Tunewise.Evaluation.Running;

/// <summary>Wall-clock seconds an arm's calls took and how many succeeded, summed over resumed sessions: what an in-process model's cost per query is priced from.</summary>
public sealed record ArmCompute(double Seconds, int Calls)
{
    /// <summary>An arm's compute, as the run store holds it (the serializer's default naming).</summary>
    public static RunArtifact<ArmCompute> Artifact { get; } =
        new(RunArtifacts.Compute, TypedJson.Info<ArmCompute>(new JsonSerializerOptions { TypeInfoResolver = CoreJsonContext.Default }));
}
