namespace Tunewise.Reports.Exporters;

/// <summary>results.jsonl: one line per arm, example and repeat, fine-tuned arms' answers included.</summary>
public sealed class JsonlResultsExporter : IReportExporter
{
    public const string FileName = "results.jsonl";

    public static JsonlResultsExporter Default { get; } = new();

    public string Name => "jsonl";

    public IEnumerable<ExportedFile> Export(ReportExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        yield return new ExportedFile(FileName, ResultsJsonl.Write(export.Results));
    }
}
