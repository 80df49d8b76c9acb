using Tunewise.Results;
using Tunewise.Studies;

namespace Tunewise.Reports.Exporters;

/// <summary>Everything an exporter renders from: the report, the per-example results, and what the run was asked for.</summary>
public sealed record ReportExport(StudyReport Report, IReadOnlyList<ResultLine> Results)
{
    /// <summary>The study that was run, for renderings that restate its arms; null when re-rendering a report read from disk.</summary>
    public Study? Study { get; init; }

    /// <summary>The run's <c>--fail-under</c> gates, reported as failures in junit.xml.</summary>
    public IReadOnlyList<MetricGate>? Gates { get; init; }
}
