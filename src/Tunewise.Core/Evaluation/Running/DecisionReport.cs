using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tunewise.Decision;

namespace Tunewise.Evaluation.Running;

/// <summary>The decision slot of report.json: "computed" with the decision procedure's result, or why not.</summary>
public sealed record DecisionReport
{
    public required string Status { get; init; }

    public string? Reason { get; init; }

    /// <summary>The <see cref="DecisionResult"/> as written by <see cref="DecisionJson"/>.</summary>
    public JsonNode? Result { get; init; }

    /// <summary>
    /// The result itself, for the markdown report and the CLI. Not written to report.json twice: a
    /// report read back from JSON rebuilds it from <see cref="Result"/>.
    /// </summary>
    [JsonIgnore]
    public DecisionResult? Value
    {
        get => _value ??= Result is null ? null : DecisionJson.Deserialize<DecisionResult>(Result.ToJsonString());
        init => _value = value;
    }

    private DecisionResult? _value;

    public static DecisionReport NotComputed { get; } =
        new() { Status = "not_computed", Reason = "no decision was computed for this report" };

    public static DecisionReport Computed(DecisionResult result) =>
        new() { Status = "computed", Result = JsonNode.Parse(DecisionJson.Serialize(result)), Value = result };

    public static DecisionReport Failed(string reason) => new() { Status = "not_computed", Reason = reason };
}
