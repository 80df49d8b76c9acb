namespace Tunewise.Evaluation.Running;

/// <summary>The decision slot of report.json; the runner itself does not decide.</summary>
public sealed record DecisionReport(string Status, string Reason)
{
    public static DecisionReport NotComputed { get; } =
        new("not_computed", "the decision procedure is not built yet; this report holds the measurements it will read");
}
