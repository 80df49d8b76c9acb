using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Lab.Benchmarks;

namespace Tunewise.Cli.Serialization;

/// <summary>Compile-time JSON metadata for what the commands themselves print or read (see Tunewise.Core's CoreJsonContext).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TrainingMemoryReading))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
