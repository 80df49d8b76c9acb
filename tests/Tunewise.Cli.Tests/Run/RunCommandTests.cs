using System.Text;
using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

public class RunCommandTests
{
    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.Run(args);

    // The server answers AnswerFor(prompt); half the test labels are set to that answer, so exact_match is 0.5.
    private static string WriteStudy(TempDirectory dir, string apiBase, string template = "{{text}}")
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
            name: cli-run
            task: { kind: generation, test: test.csv, input: text, expected: label }
            models:
              echo: { provider: openai-compatible, base_url: {{{apiBase}}}, model: tw-echo }
            arms:
              - { name: zero-shot, model: echo, prompt: { template: "{{{template}}}" } }
            metrics: [exact_match]
            """);
        return path;
    }

    [Fact]
    public async Task Run_writes_reports_and_exits_zero_even_below_the_requirement()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = WriteStudy(dir, server.ApiBase);

        var (exitCode, output) = Run("run", study, "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("zero-shot", output);
        Assert.Contains("0.500", output);
        Assert.Contains("report.json", output);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("out"), "report.json")));
        var metric = report.RootElement.GetProperty("arms")[0].GetProperty("metrics").GetProperty("exact_match");
        Assert.Equal(0.5, metric.GetProperty("value").GetDouble(), 6);
        Assert.Equal(10, File.ReadAllLines(Path.Combine(dir.File("out"), "results.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(dir.File("out"), "report.md")));
        // No requirement is stated, so the decision names the best arm but judges nothing good enough.
        Assert.Contains("Recommendation", output);
        Assert.Contains("states no requirement", output);
        // The study is checked twice (before and after its data's fields are known); its warning is shown once.
        Assert.Equal(1, output.Split("warning: no requirement").Length - 1);
        Assert.Equal("no_requirement", report.RootElement.GetProperty("decision").GetProperty("result").GetProperty("recommendation").GetProperty("kind").GetString());
        Assert.Contains("**Recommendation:**", File.ReadAllText(Path.Combine(dir.File("out"), "report.md")));
    }

    [Fact]
    public async Task Report_re_renders_a_past_run_from_its_report_json_without_calling_a_model()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = WriteStudy(dir, server.ApiBase);
        Assert.Equal(ExitCodes.Ok, Run("run", study, "--out", dir.File("out"), "--store", dir.File("runs.db")).ExitCode);
        var calls = server.TotalRequests;

        var (exitCode, markdown) = Run("report", dir.File("out"));
        var (jsonExit, _) = Run("report", Path.Combine(dir.File("out"), "report.json"), "--format", "json", "--out", dir.File("copy.json"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.File("out"), "report.md")), markdown.Replace("\r\n", "\n"));
        Assert.Equal(ExitCodes.Ok, jsonExit);
        using var copy = JsonDocument.Parse(File.ReadAllText(dir.File("copy.json")));
        Assert.Equal(0.5, copy.RootElement.GetProperty("arms")[0].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble(), 6);
        Assert.Equal(calls, server.TotalRequests);
    }

    [Fact]
    public void Report_on_a_folder_without_a_report_is_invalid_input()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("report.json"), "{ not json");

        var (missing, missingOutput) = Run("report", dir.File("nowhere"));
        var (broken, brokenOutput) = Run("report", dir.Path);

        Assert.Equal(ExitCodes.InvalidInput, missing);
        Assert.Contains("no report.json there", missingOutput);
        Assert.Equal(ExitCodes.InvalidInput, broken);
        Assert.Contains("not a Tunewise report", brokenOutput);
    }

    [Fact]
    public async Task Fail_under_gates_the_exit_code_and_a_rerun_pays_nothing()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = WriteStudy(dir, server.ApiBase);

        var (failing, output) = Run("run", study, "--store", dir.File("runs.db"), "--fail-under", "exact_match=0.9");
        var (passing, _) = Run("run", study, "--store", dir.File("runs.db"), "--fail-under", "exact_match=0.4");

        Assert.Equal(ExitCodes.InvalidInput, failing);
        Assert.Contains("fail-under", output);
        Assert.Equal(ExitCodes.Ok, passing);
        Assert.Equal(10, server.TotalRequests);
    }

    [Fact]
    public async Task A_template_naming_a_missing_field_fails_before_any_call()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = WriteStudy(dir, server.ApiBase, template: "{{txt}}");

        var (exitCode, output) = Run("run", study, "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("txt", output);
        Assert.Equal(0, server.TotalRequests);
    }
}
