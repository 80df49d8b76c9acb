using System.Text.Json.Nodes;
using Tunewise.Reports;
using Tunewise.Testing;
using static Tunewise.Core.Tests.Reports.ReportSamples;
using Tunewise.Reports.Exporters;

namespace Tunewise.Core.Tests.Reports;

public class ReportSchemaTests
{
    [Fact]
    public async Task A_real_report_json_with_decision_costs_and_robustness_conforms_to_the_schema()
    {
        using var dir = new TempDirectory();
        var (_, outDir) = await ReportFixture.RunAsync(dir);
        var json = File.ReadAllText(Path.Combine(outDir, JsonReportExporter.FileName));

        Assert.Empty(ReportSchema.Validate(json));
        Assert.Equal("computed", JsonNode.Parse(json)!["decision"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void A_report_without_a_decision_conforms_and_a_broken_one_is_reported_with_its_location()
    {
        Assert.Empty(ReportSchema.Validate(Report().ToJson()));

        var broken = JsonNode.Parse(Report().ToJson())!.AsObject();
        broken["arms"]![0]!["status"] = "exploded";
        broken.Remove("run_id");
        var errors = ReportSchema.Validate(broken.ToJsonString());

        Assert.Contains(errors, e => e.Contains("/arms/0/status", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("run_id", StringComparison.Ordinal));
    }

    [Fact]
    public void The_embedded_schema_is_the_published_file_and_declares_draft_2020_12()
    {
        Assert.Equal(File.ReadAllText(Repository.Path("schemas", "report.schema.json")), ReportSchema.Json);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", JsonNode.Parse(ReportSchema.Json)!["$schema"]!.GetValue<string>());
    }
}
