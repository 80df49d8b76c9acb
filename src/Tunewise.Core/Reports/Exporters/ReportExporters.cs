namespace Tunewise.Reports.Exporters;

/// <summary>Presets of report exporters.</summary>
public static class ReportExporters
{
    /// <summary>What <c>tunewise run</c> writes: report.json, results.jsonl, report.md, optimized prompts, report.html and junit.xml.</summary>
    public static CompositeReportExporter Default { get; } = new(
        JsonReportExporter.Default, JsonlResultsExporter.Default, MarkdownReportExporter.Default, OptimizedPromptExporter.Default,
        HtmlReportExporter.Default, JUnitReportExporter.Default);

    /// <summary>The exporters <c>tunewise report --format</c> renders to standard output, by name.</summary>
    public static IReadOnlyList<IReportExporter> SingleFile { get; } =
        [JsonReportExporter.Default, MarkdownReportExporter.Default, HtmlReportExporter.Default, JUnitReportExporter.Default];

    /// <summary>The single-file exporter named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such exporter; the message lists the names there are.</exception>
    public static IReportExporter Named(string name) =>
        SingleFile.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentException($"unknown report format '{name}'; expected one of: {string.Join(", ", SingleFile.Select(e => e.Name))}", nameof(name));
}
