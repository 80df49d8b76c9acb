namespace Tunewise.Reports.Exporters;

/// <summary>junit.xml: the requirement and each <c>--fail-under</c> gate as test cases, for CI dashboards.</summary>
public sealed class JUnitReportExporter : IReportExporter
{
    public const string FileName = "junit.xml";

    public static JUnitReportExporter Default { get; } = new();

    public string Name => "junit";

    public IEnumerable<ExportedFile> Export(ReportExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        yield return new ExportedFile(FileName, JUnitReport.Render(export.Report, export.Gates));
    }
}
