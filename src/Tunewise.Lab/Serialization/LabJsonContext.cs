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
internal sealed partial class LabJsonContext : JsonSerializerContext;
