using System.Globalization;
using Spectre.Console;
using Tunewise.Cli.Commands.Run;
using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Results;
using Tunewise.Lab.Experiments;
using Tunewise.Lab.World;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>
/// Lab experiments that are small studies: each writes the lab world, a study for its finding, runs it with the
/// same engine as <c>tunewise run</c> (so its numbers carry the same CIs, forgetting and costs), and reads the table
/// back from report.json. Settings are fixed here, before any run.
/// </summary>
internal static class StudyExperiments
{
    public static readonly string[] Names = ["lora-vs-full", "knowledge", "quality", "small-vs-large"];

    private const string BehaviourV1 = """
        task: { kind: extraction, train: behaviour/train.jsonl, dev: behaviour/dev.jsonl, test: behaviour/test.jsonl, input: input, expected: expected }
        requirement: { metric: exact_match, target: 0.9 }
        """;

    // World v2's behaviour task answers with a house routing code: a label, scored by accuracy.
    private const string BehaviourV2 = """
        task: { kind: classification, train: behaviour/train.jsonl, dev: behaviour/dev.jsonl, test: behaviour/test.jsonl, input: input, expected: expected }
        requirement: { metric: accuracy, target: 0.9 }
        """;

    private const string Knowledge = """
        task: { kind: qa, test: knowledge/questions.jsonl, input: input, expected: expected, documents: documents/ }
        requirement: { metric: exact_match, target: 0.8 }
        """;

    public static async Task<ExperimentTable> RunAsync(string name, bool smoke, IAnsiConsole console, string folder, CancellationToken cancellationToken)
    {
        // The experiments draw their tasks from the world the built-in models were pretrained on.
        var version = DefaultStudy.WorldVersion(Tunewise.Lab.Chat.LabModels.BuiltInDirectory);
        var options = smoke
            ? WorldOptions.For(WorldSize.Tiny, version: version) with { PretrainingCharacters = 0 }
            : WorldOptions.For(WorldSize.Study, version: version) with { NoisyCleanSize = 100 };
        var world = Path.Combine(folder, "world");
        new WorldGenerator(options).WriteTasks(world, cancellationToken);
        var study = Path.Combine(world, $"experiment-{name}.yaml");
        var instruction = version == 1
            ? "Read the customer support message and answer with one JSON object."
            : File.ReadAllText(Path.Combine(world, "behaviour", "instruction.txt")).Trim().Replace("\"", "\\\"", StringComparison.Ordinal);
        File.WriteAllText(study, Study(name, smoke, version == 1 ? BehaviourV1 : BehaviourV2, version == 1 ? 48 : 8, instruction));
        var output = Path.Combine(folder, name);
        var code = await new RunCommand(console).RunStudyAsync(study, output, Path.Combine(folder, "runs.db"), new RunSettings(), cancellationToken).ConfigureAwait(false);
        if (code != ExitCodes.Ok)
            throw new InvalidOperationException($"experiment {name}: the study run ended with exit code {code}; see the output above.");
        var report = StudyReport.FromJson(File.ReadAllText(Path.Combine(output, JsonReportExporter.FileName)));
        return Table(name, report, smoke);
    }

    private static string Study(string name, bool smoke, string behaviour, int maxTokens, string instruction)
    {
        // The smoke version swaps tw-base for tw-small and trains one epoch: it checks the plumbing, not the finding.
        var big = smoke ? "lab:tw-small" : "lab:tw-base";
        var epochs = smoke ? 1 : 3;
        return name switch
        {
            "lora-vs-full" => $$"""
                name: experiment-lora-vs-full
                {{behaviour}}
                models: { base: {{big}} }
                arms:
                  - { name: lora, model: base, max_tokens: {{maxTokens}}, finetune: { method: lora, rank: 8, epochs: {{epochs}}, learning_rate: 0.003 } }
                  - { name: full, model: base, max_tokens: {{maxTokens}}, finetune: { method: full, epochs: {{epochs}}, learning_rate: 0.001 } }
                """,
            "small-vs-large" => $$"""
                name: experiment-small-vs-large
                {{behaviour}}
                models: { large: {{big}}, small: lab:tw-small }
                arms:
                  - { name: large-8-shot, model: large, max_tokens: {{maxTokens}}, prompt: { template: "{{instruction}}\n\n{{"{{"}}input{{"}}"}}", few_shot: 8 } }
                  - { name: small-lora, model: small, max_tokens: {{maxTokens}}, finetune: { method: lora, rank: 8, epochs: {{epochs}}, learning_rate: 0.003 } }
                """,
            "quality" => $$"""
                name: experiment-quality
                {{behaviour}}
                models: { small: lab:tw-small }
                arms:
                  - { name: clean-small, model: small, max_tokens: {{maxTokens}}, finetune: { method: full, epochs: {{epochs}}, learning_rate: 0.001, train: behaviour/clean-small.jsonl } }
                  - { name: noisy-10x, model: small, max_tokens: {{maxTokens}}, finetune: { method: full, epochs: {{epochs}}, learning_rate: 0.001, train: behaviour/noisy-large.jsonl } }
                """,
            "knowledge" => $$"""
                name: experiment-knowledge
                {{Knowledge}}
                models: { base: {{big}} }
                arms:
                  - { name: closed-book, model: base, max_tokens: 16, prompt: { template: "Answer the question.\nQuestion: {{"{{"}}input{{"}}"}}" } }
                  - { name: retrieval, model: base, max_tokens: 16, retrieval: { top_k: 1 }, prompt: { template: "Answer from the passage.\nPassage: {{"{{"}}context{{"}}"}}\nQuestion: {{"{{"}}input{{"}}"}}" } }
                  - { name: finetune-on-documents, model: base, max_tokens: 16, prompt: { template: "Answer the question.\nQuestion: {{"{{"}}input{{"}}"}}" }, finetune: { method: full, epochs: {{epochs}}, learning_rate: 0.001, train: knowledge/documents-train.jsonl } }
                """,
            _ => throw new ArgumentException($"Unknown experiment '{name}'.", nameof(name)),
        };
    }

    private static ExperimentTable Table(string name, StudyReport report, bool smoke)
    {
        var metric = report.Summary.Requirement?.Metric ?? "exact_match";
        var rows = report.Summary.Arms.Select(a => (IReadOnlyList<string>)
        [
            a.Name, a.Model, a.FineTune?.Method ?? a.Kind,
            Interval(a.Metrics.GetValueOrDefault(metric)),
            Interval(a.Metrics.Where(m => m.Key != metric).Select(m => m.Value).FirstOrDefault()),
            a.FineTune?.Forgetting is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f.Delta:+0.00;-0.00;0.00} [{f.CiLow:+0.00;-0.00;0.00}, {f.CiHigh:+0.00;-0.00;0.00}]") : "—",
            a.FineTune is { } t ? t.TrainingSeconds.ToString("0", CultureInfo.InvariantCulture) : "—",
        ]).ToList();
        var secondary = report.Summary.Arms.SelectMany(a => a.Metrics.Keys).FirstOrDefault(k => k != metric) ?? "";
        var findings = new List<string>();
        if (smoke) findings.Add("Smoke run: tiny data and tw-small only; the numbers test the plumbing, not the finding.");
        findings.AddRange(Findings(name, report, metric));
        findings.AddRange(report.Summary.Comparisons.Where(c => c.Metric == metric).Select(c => c.Summary));
        return new ExperimentTable($"Experiment {name} (95% CIs; forgetting = general skills after − before)",
            ["arm", "model", "method", $"{metric} [95% CI]", $"{secondary} [95% CI]", "forgetting Δ [95% CI]", "training s"], rows, findings);
    }

    private static IEnumerable<string> Findings(string name, StudyReport report, string metric)
    {
        double Score(string arm) => report.Summary.Arms.Single(a => a.Name == arm).Metrics.GetValueOrDefault(metric)?.Value ?? double.NaN;
        ForgettingSummary? Forgetting(string arm) => report.Summary.Arms.Single(a => a.Name == arm).FineTune?.Forgetting;
        double Forgot(string arm) => Forgetting(arm)?.Delta ?? double.NaN;
        // A finding holds only when the paired comparison shows the difference it predicts: better by point estimate is not enough.
        string Better(string winner, string loser) => Verdict(Difference(report, metric, winner, loser));
        // Forgetting has no paired comparison between two tuned arms: its intervals must not overlap.
        string ForgetsLess(string less, string more) => (Forgetting(less), Forgetting(more)) switch
        {
            ({ } l, { } m) when l.CiLow > m.CiHigh => "held",
            ({ } l, { } m) when l.CiHigh < m.CiLow => "did not hold (the opposite is detectable)",
            ({ }, { }) => "not shown (the intervals overlap)",
            _ => "not measured",
        };
        switch (name)
        {
            case "lora-vs-full":
                yield return $"LoRA learns less: full {F(Score("full"))} vs LoRA {F(Score("lora"))} on {metric}: {Better("full", "lora")}.";
                yield return $"LoRA forgets less: forgetting Δ full {F(Forgot("full"))} vs LoRA {F(Forgot("lora"))}: {ForgetsLess("lora", "full")}.";
                break;
            case "knowledge":
                yield return $"Retrieval beats fine-tuning for new knowledge: retrieval {F(Score("retrieval"))} vs fine-tuned on the documents {F(Score("finetune-on-documents"))}: {Better("retrieval", "finetune-on-documents")}.";
                yield return $"Fine-tuning on the documents costs general skills: Δ {F(Forgot("finetune-on-documents"))}: {(Forgetting("finetune-on-documents") is { } f ? f.CiHigh < 0 ? "held" : "not shown (the interval reaches 0)" : "not measured")}.";
                break;
            case "quality":
                yield return $"Quality over quantity: small clean set {F(Score("clean-small"))} vs 10× larger with 30% wrong labels {F(Score("noisy-10x"))}: {Better("clean-small", "noisy-10x")}.";
                break;
            case "small-vs-large":
                yield return $"Small fine-tuned vs large prompted: tw-small + LoRA {F(Score("small-lora"))} vs tw-base with 8 shots {F(Score("large-8-shot"))}: the small model's win {Better("small-lora", "large-8-shot")}.";
                break;
        }
    }

    /// <summary>The paired difference <paramref name="a"/> − <paramref name="b"/> on the metric, from the study's comparisons.</summary>
    private static MetricEstimate? Difference(StudyReport report, string metric, string a, string b)
    {
        foreach (var c in report.Summary.Comparisons.Where(c => c.Metric == metric))
        {
            if (c.ArmA == a && c.ArmB == b) return c.Difference;
            if (c.ArmA == b && c.ArmB == a)
                return c.Difference with { Value = -c.Difference.Value, CiLow = -c.Difference.CiHigh, CiHigh = -c.Difference.CiLow };
        }
        return null;
    }

    internal static string Verdict(MetricEstimate? difference) => difference switch
    {
        null => "not measured",
        { CiLow: > 0 } => "held",
        { CiHigh: < 0 } => "did not hold (the opposite is detectable)",
        _ => "not shown (no detectable difference)",
    };

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Interval(MetricEstimate? value) => value is { Value: { } v }
        ? string.Create(CultureInfo.InvariantCulture, $"{v:0.00} [{value.CiLow ?? double.NaN:0.00}, {value.CiHigh ?? double.NaN:0.00}]")
        : "—";
}
