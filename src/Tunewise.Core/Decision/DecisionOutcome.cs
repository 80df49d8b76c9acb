namespace Tunewise.Decision;

/// <summary>The decision stage's result: "computed" with the decision procedure's result, or "not_computed" and why not.</summary>
public sealed record DecisionOutcome
{
    public required string Status { get; init; }

    public string? Reason { get; init; }

    public DecisionResult? Result { get; init; }

    public static DecisionOutcome NotComputed { get; } =
        new() { Status = "not_computed", Reason = "no decision was computed for this report" };

    public static DecisionOutcome Computed(DecisionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new() { Status = "computed", Result = result };
    }

    public static DecisionOutcome Failed(string reason) => new() { Status = "not_computed", Reason = reason };
}
