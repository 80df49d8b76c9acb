using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Reports;

public class ReportExportersTests
{
    [Fact]
    public async Task Report_json_reads_back_with_its_decision_and_writes_the_same_bytes_again()
    {
        using var dir = new TempDirectory();
        var (report, outDir) = await ReportFixture.RunAsync(dir);
        var written = File.ReadAllText(Path.Combine(outDir, JsonReportExporter.FileName));

        var reread = StudyReport.FromJson(written);

        Assert.Equal("computed", reread.Decision.Status);
        Assert.Equal(report.Decision.Result!.Recommendation, reread.Decision.Result!.Recommendation);
        Assert.All(reread.Summary.Arms, a => Assert.NotNull(a.Robustness));
        Assert.Null(reread.Summary.Extensions);
        Assert.Equal(written, reread.ToJson());
        // Every exporter renders from the same records: the markdown of the report read back is the one the run wrote.
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, MarkdownReportExporter.FileName)), MarkdownReportExporter.Render(reread));
    }

    [Fact]
    public void The_default_preset_writes_every_contract_file_and_an_unknown_format_is_refused_with_the_known_ones()
    {
        var export = new ReportExport(ReportSamples.Report(), [ReportSamples.Line("zero-shot", "e1", "yes", "yes", 1)]);

        var files = ReportExporters.Default.Export(export).Select(f => f.Path).ToList();
        var error = Assert.Throws<ArgumentException>(() => ReportExporters.Named("xml"));

        Assert.Equal(["report.json", "results.jsonl", "report.md", "report.html", "junit.xml"], files);
        Assert.Contains("json, md, html, junit", error.Message, StringComparison.Ordinal);
    }
}
