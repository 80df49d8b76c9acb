using System.Text.Json.Serialization;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Training;
using Tunewise.Lab.World;

namespace Tunewise.Lab.Serialization;

/// <summary>
/// Compile-time JSON metadata for the lab's own files (see Tunewise.Core's CoreJsonContext): no reflection, so the
/// native build can write and read them.
/// </summary>
[JsonSerializable(typeof(WorldManifest))]
[JsonSerializable(typeof(TrainingCheckpoint.State))]
[JsonSerializable(typeof(PretrainRecipe))]
// A chat template's `tojson` filter writes plain values: these, nested.
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class LabJsonContext : JsonSerializerContext;
