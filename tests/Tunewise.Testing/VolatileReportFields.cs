using System.Text.Json.Nodes;

namespace Tunewise.Testing;

/// <summary>
/// The report.json and results.jsonl fields that two runs of one study may differ in: those that measure time (latency,
/// training time and memory, the one-off training cost priced from that time) and those that name the run itself (its
/// id, and its study file and hash, since each test writes its own file naming its own server). Tests that compare two
/// runs' reports leave these out and ask that everything else be identical.
/// </summary>
public static class VolatileReportFields
{
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "latency_ms", "latency_p50_ms", "latency_p95_ms", "training_seconds", "measured_memory_bytes", "one_off_cost", "run_id", "study_file", "study_hash",
    };

    /// <summary>Removes every field named in <paramref name="names"/> (by default <see cref="Names"/>) from <paramref name="node"/>, at any depth; returns the node.</summary>
    public static JsonNode Strip(JsonNode node, IReadOnlySet<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        names ??= Names;
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(names.Contains).ToList())
                    obj.Remove(key);
                foreach (var (_, value) in obj)
                {
                    if (value is not null)
                        Strip(value, names);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                        Strip(item, names);
                }
                break;
        }
        return node;
    }
}
