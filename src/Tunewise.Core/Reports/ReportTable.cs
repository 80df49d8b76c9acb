namespace Tunewise.Reports;

/// <summary>
/// A table of the report as plain text cells, built once from the report and rendered by each exporter in its own
/// syntax (Markdown pipes, HTML rows), so report.md and report.html always show the same columns and figures.
/// </summary>
/// <param name="Numeric">Per column, whether it holds figures (right-aligned in HTML).</param>
public sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<bool> Numeric, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public bool IsEmpty => Rows.Count == 0;
}
