namespace Tunewise.Reports.Exporters;

/// <summary>Renders a study's report as one or more files. An exporter never reads the run store or calls a model.</summary>
public interface IReportExporter
{
    /// <summary>A short stable id, e.g. <c>json</c> or <c>md</c>: the <c>--format</c> of <c>tunewise report</c>.</summary>
    string Name { get; }

    IEnumerable<ExportedFile> Export(ReportExport export);
}
