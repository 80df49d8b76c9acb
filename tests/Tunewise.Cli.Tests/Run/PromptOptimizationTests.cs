using System.Text;
using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary>An optimized prompting arm against a real local server whose answers depend on the demonstrations shown.</summary>
public class PromptOptimizationTests
{
    // The server answers "good" only when the prompt shows the one demonstration that teaches it.
    private static Task<LocalServer> StartServerAsync(List<string> prompts) => LocalServer.StartAsync(routes =>
        routes.MapPost("/v1/chat/completions", request =>
        {
            var body = request.Node;
            var text = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
            lock (prompts) prompts.Add(text);
            var answer = text.Contains("golden", StringComparison.Ordinal) ? "good" : "bad";
            return ReplayResponse.ChatCompletion(answer, "teacher", promptTokens: 5, completionTokens: 1, id: "x");
        }));

    private static string WriteStudy(TempDirectory dir, string apiBase, string optimize = "{ candidates: 6, first_rung_examples: 2 }", bool golden = true)
    {
        var train = new StringBuilder("id,text,label\n");
        for (var i = 0; i < 6; i++) train.Append($"tr{i},{(i == 4 && golden ? "golden case" : $"plain case {i}")},good\n");
        File.WriteAllText(dir.File("train.csv"), train.ToString());
        File.WriteAllText(dir.File("dev.csv"), "id,text,label\n" + string.Concat(Enumerable.Range(0, 8).Select(i => $"dv{i},dev question {i},good\n")));
        File.WriteAllText(dir.File("test.csv"), "id,text,label\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"te{i},test question {i},good\n")));
        var path = dir.File("study.yaml");
        File.WriteAllText(path, $$"""
            name: optimize
            task: { kind: generation, train: train.csv, dev: dev.csv, test: test.csv, input: text, expected: label }
            models:
              m: { provider: openai-compatible, base_url: {{apiBase}}, model: teacher, price: { input_per_mtok: 1, output_per_mtok: 1 } }
            arms:
              - { name: optimized, model: m, prompt: { few_shot: 1, optimize: {{optimize}} } }
            metrics: [exact_match]
            """);
        return path;
    }

    [Fact]
    public async Task The_search_finds_the_demonstration_that_works_on_dev_and_test_is_run_once_with_it()
    {
        using var dir = new TempDirectory();
        var prompts = new List<string>();
        await using var server = await StartServerAsync(prompts);
        var study = WriteStudy(dir, new Uri(server.BaseAddress, "v1").ToString());
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exit = Program.Run(["run", study, "--out", dir.File("out"), "--store", dir.File("runs.db")], console);

        Assert.True(exit == ExitCodes.Ok, console.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arm = report.RootElement.GetProperty("arms")[0];
        var optimization = arm.GetProperty("optimization");
        Assert.Equal(["tr4"], optimization.GetProperty("demonstrations").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1.0, optimization.GetProperty("dev_score").GetDouble());
        Assert.Equal(1.0, arm.GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        // The search's calls are a one-off cost at the model's price: 6 tokens a call at $1 per million.
        var calls = optimization.GetProperty("calls").GetInt32();
        Assert.Equal(calls * 6 / 1_000_000.0, arm.GetProperty("one_off_cost").GetDouble(), 9);
        // Dev drives the search; each test example is asked exactly once, after it.
        Assert.Equal(5, prompts.Count(p => p.Contains("test question", StringComparison.Ordinal)));
        Assert.DoesNotContain(prompts, p => p.Contains("test question", StringComparison.Ordinal) && p.Contains("dev question", StringComparison.Ordinal));
        var template = File.ReadAllText(dir.File("out/optimized/optimized.yaml"));
        Assert.Contains("demonstrations: [\"tr4\"]", template);
        Assert.Empty(Tunewise.Reports.ReportSchema.Validate(File.ReadAllText(dir.File("out/report.json"))));

        var before = prompts.Count;
        Assert.Equal(ExitCodes.Ok, Program.Run(["run", study, "--out", dir.File("out2"), "--store", dir.File("runs.db")], new TestConsole()));
        Assert.Equal(before, prompts.Count);
    }

    private static JsonElement RunAndReadArm(TempDirectory dir, string study)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var exit = Program.Run(["run", study, "--out", dir.File("out"), "--store", dir.File("runs.db")], console);
        Assert.True(exit == ExitCodes.Ok, console.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        return report.RootElement.GetProperty("arms")[0].Clone();
    }

    [Fact]
    public async Task Bootstrap_keeps_only_demonstrations_the_model_answers_correctly_zero_shot()
    {
        using var dir = new TempDirectory();
        var prompts = new List<string>();
        await using var server = await StartServerAsync(prompts);
        var study = WriteStudy(dir, new Uri(server.BaseAddress, "v1").ToString(), "{ candidates: 3, first_rung_examples: 2, bootstrap: true }");

        var optimization = RunAndReadArm(dir, study).GetProperty("optimization");

        // Zero-shot, only "golden case" is answered "good": it is the whole pool, so every candidate shows it.
        Assert.Equal(1, optimization.GetProperty("bootstrapped_demonstrations").GetInt32());
        Assert.Equal(["tr4"], optimization.GetProperty("demonstrations").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1.0, optimization.GetProperty("dev_score").GetDouble());
    }

    [Fact]
    public async Task Instruction_candidates_compete_with_the_arms_own_template_and_the_winner_is_kept()
    {
        using var dir = new TempDirectory();
        var prompts = new List<string>();
        await using var server = await StartServerAsync(prompts);
        var study = WriteStudy(dir, new Uri(server.BaseAddress, "v1").ToString(),
            "{ candidates: 2, first_rung_examples: 2, instructions: [\"golden: {{text}}\"] }", golden: false);

        var arm = RunAndReadArm(dir, study);

        Assert.Equal("golden: {{text}}", arm.GetProperty("optimization").GetProperty("template").GetString());
        Assert.Equal(1.0, arm.GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        Assert.Contains("template: \"golden: {{text}}\"", File.ReadAllText(dir.File("out/optimized/optimized.yaml")));
    }

    [Fact]
    public async Task A_dollar_budget_stops_the_search_after_the_round_that_spent_it()
    {
        using var dir = new TempDirectory();
        var prompts = new List<string>();
        await using var server = await StartServerAsync(prompts);
        var study = WriteStudy(dir, new Uri(server.BaseAddress, "v1").ToString(), "{ candidates: 6, first_rung_examples: 2, max_usd: 0.000001 }");

        var optimization = RunAndReadArm(dir, study).GetProperty("optimization");

        Assert.Equal(1, optimization.GetProperty("rounds").GetArrayLength());
        Assert.Equal(12, optimization.GetProperty("calls").GetInt32());
    }
}
