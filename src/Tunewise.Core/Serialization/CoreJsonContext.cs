using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Data.Curation;
using Tunewise.Data.Splits;
using Tunewise.Decision;
using Tunewise.FineTuning.Running;
using Tunewise.Prompting.Optimization;
using Tunewise.Robustness;
using Tunewise.Studies;

namespace Tunewise.Serialization;

/// <summary>
/// Compile-time JSON metadata for every type Tunewise.Core writes or reads with System.Text.Json. Each options object in
/// this assembly uses it as its only resolver, so serialization needs no reflection: the native (ahead-of-time compiled)
/// build works, and a type left out here fails in every build and test, not only in the native one.
/// </summary>
[JsonSerializable(typeof(Tunewise.Reports.StudyReport))]
[JsonSerializable(typeof(Tunewise.Results.StudySummary))]
[JsonSerializable(typeof(DecisionOutcome))]
[JsonSerializable(typeof(Tunewise.Results.ResultLine))]
[JsonSerializable(typeof(ArmSpec))]
[JsonSerializable(typeof(OptimizationResult))]
[JsonSerializable(typeof(Tunewise.Evaluation.Running.ArmCompute))]
[JsonSerializable(typeof(Tunewise.Results.BaselineSummary))]
[JsonSerializable(typeof(DecisionResult))]
[JsonSerializable(typeof(StudyMeasurements))]
[JsonSerializable(typeof(RobustnessReport))]
[JsonSerializable(typeof(FrozenTestSet))]
[JsonSerializable(typeof(CurationReport))]
[JsonSerializable(typeof(FineTuneOutcome))]
[JsonSerializable(typeof(Tunewise.Results.FineTuneForecast))]
[JsonSerializable(typeof(FineTuneFailure))]
[JsonSerializable(typeof(Tunewise.Prompting.ArmContextFit))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
// Export documents are dictionaries of these.
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(bool))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
