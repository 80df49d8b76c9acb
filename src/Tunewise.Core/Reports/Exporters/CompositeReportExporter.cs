using System.Collections.Immutable;
using System.Text;

namespace Tunewise.Reports.Exporters;

/// <summary>Several exporters as one: their files in order, written to a folder each through a temporary file and a rename.</summary>
public sealed class CompositeReportExporter : IReportExporter
{
    public CompositeReportExporter(params IEnumerable<IReportExporter> exporters)
    {
        ArgumentNullException.ThrowIfNull(exporters);
        Exporters = [.. exporters];
        if (Exporters.Any(e => e is null))
            throw new ArgumentException("an exporter is null", nameof(exporters));
    }

    public ImmutableArray<IReportExporter> Exporters { get; }

    public string Name => string.Join("+", Exporters.Select(e => e.Name));

    public IEnumerable<ExportedFile> Export(ReportExport export) => Exporters.SelectMany(e => e.Export(export));

    /// <summary>Writes every file under <paramref name="directory"/>; returns their full paths in the order written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string directory, ReportExport export, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(export);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var file in Export(export))
        {
            var path = Path.Combine(directory, file.Path);
            // A reader (a dashboard, a CI step) never sees a half-written report.
            var temp = path + ".tmp-" + Environment.ProcessId;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(temp, file.Content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            written.Add(path);
        }
        return written;
    }
}
