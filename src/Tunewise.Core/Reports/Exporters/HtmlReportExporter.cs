namespace Tunewise.Reports.Exporters;

/// <summary>report.html: the report with charts and the per-example explorer, in one self-contained page.</summary>
public sealed class HtmlReportExporter : IReportExporter
{
    public const string FileName = "report.html";

    public static HtmlReportExporter Default { get; } = new();

    public string Name => "html";

    public IEnumerable<ExportedFile> Export(ReportExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        yield return new ExportedFile(FileName, HtmlReport.Render(export.Report, export.Results));
    }
}
