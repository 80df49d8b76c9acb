using System.Text.Json;
using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Running;
using Tunewise.Reports.Exporters;
using Tunewise.Evaluation.Summary;
using Tunewise.Reports;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Running;

public class RetrievalDecisionTests
{
    private static StudyModels Models(TempDirectory dir) =>
        new(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, new SqliteResponseCache(dir.File("responses.db")), new SpendTracker(),
            new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

    private static async Task<(StudyReport Report, JsonElement Root, string Markdown)> RunAsync(TempDirectory dir, string studyPath)
    {
        var study = StudyLoader.Load(studyPath);
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        var run = new StudyRun(store, Models(dir).Get, options: new RunnerOptions { Concurrency = 2 });
        var report = await run.RunAsync(input);
        var outDir = dir.File("out");
        await run.ExportAsync(report, study, outDir);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, JsonReportExporter.FileName)));
        return (report, json.RootElement.Clone(), File.ReadAllText(Path.Combine(outDir, MarkdownReportExporter.FileName)));
    }

    [Fact]
    public async Task Knowledge_gap_study_runs_retrieval_and_oracle_arms_and_recommends_rag()
    {
        using var dir = new TempDirectory();
        await using var server = await KnowledgeServer.StartAsync();
        var path = KnowledgeStudy.Write(dir, server.ApiBase, """
              - { name: zero-shot, model: m }
              - { name: rag, model: m, retrieval: { top_k: 2 } }
              - { name: oracle, model: m, retrieval: { oracle: true } }
            """);

        var (_, root, markdown) = await RunAsync(dir, path);

        var arms = root.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        double Accuracy(string arm) => arms[arm].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble();
        Assert.Equal(0.0, Accuracy("zero-shot"));
        Assert.Equal(1.0, Accuracy("rag"));
        Assert.Equal(1.0, Accuracy("oracle"));
        Assert.Equal("retrieval", arms["rag"].GetProperty("kind").GetString());

        var retrieval = arms["rag"].GetProperty("retrieval");
        Assert.Equal(2, retrieval.GetProperty("k").GetInt32());
        Assert.Equal(1.0, retrieval.GetProperty("recall_at_k").GetProperty("value").GetDouble());
        Assert.Equal(KnowledgeStudy.Count, retrieval.GetProperty("recall_at_k").GetProperty("n").GetInt32());
        // BM25 may rank a neighbouring entity's page first for a few questions; the gold page is still in the top 2.
        Assert.InRange(retrieval.GetProperty("mrr").GetProperty("value").GetDouble(), 0.75, 1.0);
        Assert.Equal(JsonValueKind.Null, arms["oracle"].GetProperty("retrieval").ValueKind);
        Assert.Equal(KnowledgeStudy.Count, arms["zero-shot"].GetProperty("error_classes").GetProperty("content_error").GetInt32());

        var decision = root.GetProperty("decision");
        Assert.Equal("computed", decision.GetProperty("status").GetString());
        var result = decision.GetProperty("result");
        Assert.Equal("rag", result.GetProperty("recommendation").GetProperty("kind").GetString());
        Assert.Equal("rag", result.GetProperty("recommendation").GetProperty("arm").GetString());
        Assert.Equal("knowledge", result.GetProperty("gap").GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("gap").GetProperty("reasoning").GetString()));

        Assert.Contains("**Recommendation:** RAG: rag on", markdown, StringComparison.Ordinal);
        Assert.Contains("## Retrieval", markdown, StringComparison.Ordinal);
        Assert.Contains("### 2. ", markdown, StringComparison.Ordinal);
        var results = File.ReadAllLines(dir.File("out/results.jsonl"));
        Assert.Contains(results, l => l.Contains("\"arm\":\"rag\"", StringComparison.Ordinal) && l.Contains("[retrieved documents: Zorblaxa.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Format_failures_point_to_fine_tuning_even_when_no_fine_tune_arm_ran()
    {
        using var dir = new TempDirectory();
        await using var server = await KnowledgeServer.StartAsync();
        var path = KnowledgeStudy.Write(dir, server.ApiBase, """
              - { name: zero-shot, model: m }
              - { name: lora, model: m, finetune: { method: lora } }
            """, kind: "extraction", jsonAnswers: true, factInQuestion: true);

        var (report, root, markdown) = await RunAsync(dir, path);

        var arms = root.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal("not_run", arms["lora"].GetProperty("status").GetString());
        Assert.Equal(KnowledgeStudy.Count, arms["zero-shot"].GetProperty("error_classes").GetProperty("format_violation").GetInt32());
        var decision = report.Decision.Result!;
        Assert.Equal(Tunewise.Decision.GapVerdict.Behaviour, decision.Gap.Verdict);
        Assert.Equal(Tunewise.Decision.RecommendationKind.RequirementNotMet, decision.Recommendation.Kind);
        Assert.Contains("fine-tuning is the candidate", decision.Gap.Answer, StringComparison.Ordinal);
        Assert.Contains("fine-tuning is the candidate", markdown, StringComparison.Ordinal);
        Assert.Equal("behaviour", root.GetProperty("decision").GetProperty("result").GetProperty("gap").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Failed_calls_count_as_wrong_answers_in_the_metrics()
    {
        using var dir = new TempDirectory();
        await using var server = await KnowledgeServer.StartAsync();
        var path = KnowledgeStudy.Write(dir, server.ApiBase, """
              - { name: oracle, model: m, retrieval: { oracle: true } }
            """, broken: 3);

        var (report, root, markdown) = await RunAsync(dir, path);

        var arm = report.Summary.Arms.Single();
        Assert.Equal(3, arm.Errors);
        Assert.Equal(KnowledgeStudy.Count, arm.Metrics["exact_match"].N);
        Assert.Equal((KnowledgeStudy.Count - 3) / (double)KnowledgeStudy.Count, arm.Metrics["exact_match"].Value!.Value, 6);
        Assert.Equal(StudySummarizer.FailedCallsNote, root.GetProperty("metrics_note").GetString());
        Assert.Contains(StudySummarizer.FailedCallsNote, markdown, StringComparison.Ordinal);
    }
}
