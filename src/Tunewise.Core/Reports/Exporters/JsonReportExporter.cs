namespace Tunewise.Reports.Exporters;

/// <summary>report.json: the report's one serialisation (see <see cref="StudyReport.JsonOptions"/>).</summary>
public sealed class JsonReportExporter : IReportExporter
{
    public const string FileName = "report.json";

    public static JsonReportExporter Default { get; } = new();

    public string Name => "json";

    public IEnumerable<ExportedFile> Export(ReportExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        yield return new ExportedFile(FileName, export.Report.ToJson());
    }
}
