using Tunewise.Reports;

namespace Tunewise.Cli.Commands.Reports;

/// <summary>Checks <c>--fail-under</c> gates on a report and turns them into the exit code.</summary>
internal static class GateCheck
{
    /// <summary>Writes one line per failed gate through <paramref name="write"/>; exit 1 when any failed, else 0.</summary>
    public static int Apply(StudyReport report, IReadOnlyList<MetricGate> gates, Action<string> write)
    {
        var failed = MetricGate.CheckAll(report, gates).Where(o => !o.Passed).ToList();
        foreach (var outcome in failed)
            write($"fail-under: {outcome.Message}");
        return failed.Count > 0 ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }
}
