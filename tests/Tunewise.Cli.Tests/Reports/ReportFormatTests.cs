using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Spectre.Console.Testing;
using Tunewise.Testing;
using Tunewise.Reports.Exporters;
using Tunewise.Results;
using Tunewise.Reports;
using Tunewise.Decision;

namespace Tunewise.Cli.Tests.Reports;

public class ReportFormatTests
{
    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.Run(args);

    /// <summary>A study whose one arm scores exact_match 0.5 against the local echo server, with a 0.9 requirement.</summary>
    private static string WriteStudy(TempDirectory dir, string apiBase)
    {
        var test = new StringBuilder("id,text,label\n");
        for (var i = 0; i < 10; i++)
        {
            var text = $"please help with case {i}";
            test.Append($"te{i},{text},{(i % 2 == 0 ? FaultyOpenAIServer.AnswerFor(text) : "nope")}\n");
        }
        File.WriteAllText(dir.File("test.csv"), test.ToString());
        var path = dir.File("study.yaml");
        File.WriteAllText(path, $$$"""
            name: cli-reports
            task: { kind: generation, test: test.csv, input: text, expected: label }
            requirement: { metric: exact_match, target: 0.9 }
            models:
              echo: { provider: openai-compatible, base_url: {{{apiBase}}}, model: tw-echo }
            arms:
              - { name: zero-shot, model: echo, prompt: { template: "{{text}}" } }
            metrics: [exact_match]
            """);
        return path;
    }

    [Fact]
    public async Task Run_writes_html_and_junit_and_report_re_renders_the_same_html_and_gated_junit()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = WriteStudy(dir, server.ApiBase);
        var outDir = dir.File("out");

        var (runExit, runOutput) = Run("run", study, "--out", outDir, "--store", dir.File("runs.db"), "--fail-under", "exact_match=0.6");
        var (htmlExit, _) = Run("report", outDir, "--format", "html", "--out", dir.File("again.html"));
        var (junitExit, junit) = Run("report", outDir, "--format", "junit", "--fail-under", "exact_match=0.4");

        Assert.Equal(ExitCodes.InvalidInput, runExit);
        Assert.Contains("fail-under: arm zero-shot exact_match = 0.500 < 0.6", runOutput);
        Assert.Contains("report.html", runOutput);
        var written = File.ReadAllText(Path.Combine(outDir, HtmlReportExporter.FileName));
        Assert.StartsWith("<!DOCTYPE html>", written);
        Assert.Equal(ExitCodes.Ok, htmlExit);
        Assert.Equal(written, File.ReadAllText(dir.File("again.html")));

        var runJUnit = XDocument.Load(Path.Combine(outDir, JUnitReportExporter.FileName));
        // zero-shot/exact_match fails the 0.6 gate; the 0.9 requirement is not met.
        Assert.Equal(2, (int)runJUnit.Root!.Attribute("failures")!);
        Assert.Equal(ExitCodes.Ok, junitExit);
        var rerendered = XDocument.Parse(junit);
        Assert.Equal(2, (int)rerendered.Root!.Attribute("tests")!);
        Assert.Equal(1, (int)rerendered.Root!.Attribute("failures")!);
    }

    [Fact]
    public void Report_fail_under_sets_the_exit_code_and_schema_needs_no_run()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("report.json"), SampleReport(0.5).ToJson());

        var (failing, _) = Run("report", dir.Path, "--fail-under", "accuracy=0.9");
        var (passing, markdown) = Run("report", dir.Path, "--fail-under", "accuracy=0.4");
        var (schemaExit, schema) = Run("report", "--format", "schema");

        Assert.Equal(ExitCodes.InvalidInput, failing);
        Assert.Equal(ExitCodes.Ok, passing);
        Assert.Contains("# sample", markdown);
        Assert.Equal(ExitCodes.Ok, schemaExit);
        using var parsed = JsonDocument.Parse(schema);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", parsed.RootElement.GetProperty("$schema").GetString());
    }

    [Theory]
    [InlineData("report")]
    [InlineData("run")]
    public void A_malformed_fail_under_value_is_refused_naming_the_option_and_the_value(string command)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("report.json"), SampleReport(0.5).ToJson());
        File.WriteAllText(dir.File("study.yaml"), "name: x\n");

        var (badNumber, badNumberOutput) = Run(command, command == "run" ? dir.File("study.yaml") : dir.Path, "--fail-under", "accuracy=high");
        var (noMetric, noMetricOutput) = Run(command, command == "run" ? dir.File("study.yaml") : dir.Path, "--fail-under", "0.9");

        Assert.Equal(ExitCodes.InvalidInput, badNumber);
        Assert.Contains("--fail-under accuracy=high", badNumberOutput);
        Assert.Contains("'high' is not a number", badNumberOutput);
        Assert.Equal(ExitCodes.InvalidInput, noMetric);
        Assert.Contains("--fail-under expects METRIC=VALUE", noMetricOutput);
        Assert.Contains("'0.9'", noMetricOutput);
    }

    [Fact]
    public void An_unknown_format_or_a_missing_run_is_invalid_input()
    {
        var (badFormat, badFormatOutput) = Run("report", "out", "--format", "pdf");
        var (noRun, noRunOutput) = Run("report", "--format", "html");

        Assert.Equal(ExitCodes.InvalidInput, badFormat);
        Assert.Contains("md, json, html, junit, schema", badFormatOutput);
        Assert.Equal(ExitCodes.InvalidInput, noRun);
        Assert.Contains("RUN is required", noRunOutput);
    }

    private static StudyReport SampleReport(double accuracy) => new(new StudySummary
    {
        Study = "sample",
        StudyHash = "h",
        RunId = "r",
        TestHash = "t",
        TestExamples = 2,
        Completed = true,
        Arms =
        [
            new ArmSummary
            {
                Name = "zero-shot", Model = "openai:gpt-4o-mini", Kind = "prompting", Status = "completed", Examples = 2,
                Metrics = new Dictionary<string, MetricEstimate> { ["accuracy"] = new(accuracy, accuracy - 0.2, accuracy + 0.2, 2) },
            },
        ],
    }, DecisionOutcome.NotComputed);
}
