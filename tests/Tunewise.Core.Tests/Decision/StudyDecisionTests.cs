using Tunewise.Decision;
using Tunewise.Models;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Results;
using Tunewise.Reports;

namespace Tunewise.Core.Tests.Decision;

public class StudyDecisionTests
{
    [Fact]
    public void Arms_map_to_techniques_and_scales_and_arms_that_did_not_run_are_left_out()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("docs"));
        File.WriteAllText(dir.File("docs/a.md"), "alpha");
        File.WriteAllText(dir.File("train.csv"), "id,q,a\nt1,x,y\nt2,z,w\n");
        File.WriteAllText(dir.File("test.csv"), "id,q,a\ne1,x,y\ne2,z,w\n");
        File.WriteAllText(dir.File("study.yaml"), """
            name: mapping
            task: { kind: qa, train: train.csv, test: test.csv, input: q, expected: a, documents: docs }
            requirement: { metric: exact_match, target: 0.5 }
            models:
              small: { provider: openai-compatible, base_url: "http://127.0.0.1:9/v1", model: tiny-1b }
              large: { provider: openai-compatible, base_url: "http://127.0.0.1:9/v1", model: huge-70b }
            arms:
              - { name: zero, model: small }
              - { name: few, model: small, prompt: { few_shot: 1 } }
              - { name: cot, model: large, prompt: { chain_of_thought: true } }
              - { name: json, model: large, prompt: { response_format: json } }
              - { name: rag, model: large, retrieval: { top_k: 1 } }
              - { name: oracle, model: large, retrieval: { oracle: true } }
              - { name: lora, model: small, finetune: { method: lora } }
            metrics: [exact_match]
            """);
        var study = StudyLoader.Load(dir.File("study.yaml"));
        var catalog = ModelCatalog.Parse("""
            models:
              - { provider: openai-compatible, model: tiny-1b, parameters: 1000000000 }
              - { provider: openai-compatible, model: huge-70b, parameters: 70000000000 }
            """, "catalog.yaml");
        ArmSummary Ran(ArmSpec arm) => new()
        {
            Name = arm.Name, Model = study.ModelOf(arm).Reference, Kind = "prompting", Status = "completed",
            Metrics = new Dictionary<string, MetricEstimate> { ["exact_match"] = new(0.5, 0.1, 0.9, 2) },
        };
        var scores = new Dictionary<string, double[]> { ["zero"] = [1, 0], ["rag"] = [1, double.NaN] };
        var report = new StudySummary
        {
            Study = study.Name, StudyHash = "h", RunId = "r", TestHash = "t", TestExamples = 2,
            Arms = study.Arms.Select(a => a.FineTune is null ? Ran(a) with { PrimaryScores = [.. scores.GetValueOrDefault(a.Name) ?? []] }
                : new ArmSummary { Name = a.Name, Model = study.ModelOf(a).Reference, Kind = "finetune", Status = "not_run" }).ToList(),
        };

        var measurements = DecisionStage.Measure(study, report, catalog);

        var arms = measurements.Arms.ToDictionary(a => a.Name);
        Assert.False(arms.ContainsKey("lora"));
        Assert.Equal(ArmTechnique.ZeroShot, arms["zero"].Technique);
        Assert.Equal(ArmTechnique.FewShot, arms["few"].Technique);
        Assert.Equal(ArmTechnique.ChainOfThought, arms["cot"].Technique);
        Assert.Equal(ArmTechnique.FormatConstrained, arms["json"].Technique);
        Assert.Equal(ArmTechnique.Retrieval, arms["rag"].Technique);
        Assert.Equal(ArmTechnique.OracleContext, arms["oracle"].Technique);
        Assert.Equal(ModelScale.Small, arms["zero"].Scale);
        Assert.Equal(ModelScale.Large, arms["rag"].Scale);
        Assert.Equal([1.0, 0.0], arms["zero"].ExampleScores.ToArray());
        Assert.True(arms["rag"].ExampleScores.IsEmpty); // an incomplete arm gives no paired scores rather than a made-up one
        Assert.Equal(2, measurements.BaseModelsEvaluated);
        Assert.False(measurements.CurationReportWritten);
        Assert.Equal(ModelScale.Unknown, DecisionStage.Measure(study, report, ModelCatalog.Empty).Arms[0].Scale);
    }
}
