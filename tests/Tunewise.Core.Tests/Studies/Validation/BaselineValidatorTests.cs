using Tunewise.Decision;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Studies.Validation;

public class BaselineValidatorTests
{
    [Fact]
    public void A_baseline_arm_needs_no_model_and_reads_its_kind_and_k()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: classification, train: data/train.csv, test: data/test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            arms:
              - { name: knn, baseline: { kind: tfidf-knn, k: 3 } }
              - { name: lr, baseline: logistic }
            """);

        Assert.Empty(result.Errors);
        var arms = result.Study!.Arms;
        Assert.Equal(new BaselineSpec { Kind = BaselineKind.TfidfKnn, Neighbours = 3 }, arms[0].Baseline);
        Assert.Equal(BaselineKind.Logistic, arms[1].Baseline!.Kind);
        Assert.Equal(ArmKind.Baseline, arms[0].Kind);
        Assert.Equal("baseline:tfidf-knn", result.Study.ModelOf(arms[0]).Reference);
        Assert.Equal(ArmTechnique.Baseline, DecisionStage.TechniqueOf(arms[1]));
    }

    [Fact]
    public void A_baseline_on_a_generation_task_or_with_a_model_is_refused_at_its_line()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: generation, train: data/train.csv, test: data/test.csv, input: text, expected: label }
            requirement: { metric: exact_match, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - name: lr
                baseline: { kind: logistic }
              - { name: knn, model: big, baseline: tfidf-knn }
              - { name: bad, baseline: { kind: svm } }
            """);

        var lines = StudyFiles.Lines(result);
        Assert.Contains("7:15: arm 'lr' is a baseline classifier, which needs task.kind: classification (the task is generation)", lines);
        Assert.Contains("8:25: arm 'knn' is a baseline classifier, which uses no language model, so it cannot have 'model'; put it on an LLM arm", lines);
        Assert.Contains(lines, l => l.StartsWith("9:36: arm 'bad' baseline.kind must be one of tfidf-knn | logistic (got 'svm')", StringComparison.Ordinal));
        Assert.Null(result.Study);
    }

    [Fact]
    public void Constrain_labels_is_read_reported_as_format_constrained_and_refused_where_it_cannot_work()
    {
        using var files = new StudyFiles();
        var ok = files.Check("""
            name: x
            task: { kind: classification, train: data/train.csv, test: data/test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { local: "lab:tw-base", hosted: openai:gpt-4o-mini }
            arms:
              - { name: free, model: local }
              - { name: constrained, model: local, constrain: labels }
              - { name: hosted, model: hosted, constrain: labels }
            """);
        Assert.Empty(ok.Errors);
        Assert.Null(ok.Study!.Arms[0].Constrain);
        Assert.Equal(ArmTechnique.ZeroShot, DecisionStage.TechniqueOf(ok.Study.Arms[0]));
        Assert.Equal(OutputConstraint.Labels, ok.Study.Arms[1].Constrain);
        Assert.Equal(ArmTechnique.FormatConstrained, DecisionStage.TechniqueOf(ok.Study.Arms[1]));

        var refused = files.Check("""
            name: x
            task: { kind: classification, train: data/train.csv, test: data/test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { claude: anthropic:claude-3-5-haiku-latest, local: "lab:tw-base" }
            arms:
              - { name: a, model: claude, constrain: labels }
              - { name: b, model: local, constrain: labels, prompt: { chain_of_thought: true } }
              - { name: c, model: local, constrain: everything }
            """);
        var lines = StudyFiles.Lines(refused);
        Assert.Contains(lines, l => l.StartsWith("6:42: arm 'a' constrain: labels is not supported for provider 'anthropic'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("7:41: arm 'b' constrain: labels allows only a label", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("8:41: arm 'c' constrain must be one of labels (got 'everything')", StringComparison.Ordinal));
    }

    [Fact]
    public void Constrain_labels_on_a_task_without_labels_is_refused()
    {
        using var files = new StudyFiles();
        var result = files.Check("""
            name: x
            task: { kind: qa, test: data/test.csv, input: text, expected: label }
            requirement: { metric: exact_match, target: 0.9 }
            models: { local: "lab:tw-base" }
            arms:
              - { name: a, model: local, constrain: labels }
            """);
        Assert.Contains("6:41: arm 'a' constrain: labels restricts answers to the task's labels, which needs task.kind: classification (the task is qa)", StudyFiles.Lines(result));
    }
}
