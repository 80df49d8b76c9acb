using Tunewise.Decision;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Decision;

public class DecisionThresholdsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var d = DecisionThresholds.Default;

        Assert.Equal((0.5, 0.5, 0.5, 12, 0.02, 0.02, 0.10, 0.05),
            (d.KnowledgeGapClosed, d.BehaviourErrorShare, d.FineTuneGapClosed, d.HorizonMonths, d.NonInferiorityMargin, d.ConfidenceMargin, d.ConfidenceCiWidth, d.Alpha));
    }

    [Fact]
    public void Every_name_overrides_its_threshold()
    {
        var t = DecisionThresholds.From(new Dictionary<string, double>
        {
            ["knowledge_gap_closed"] = 0.6, ["behaviour_error_share"] = 0.7, ["finetune_gap_closed"] = 0.8, ["horizon_months"] = 24,
            ["non_inferiority_margin"] = 0.03, ["confidence_margin"] = 0.04, ["confidence_ci_width"] = 0.2, ["alpha"] = 0.01,
        });

        Assert.Equal((0.6, 0.7, 0.8, 24, 0.03, 0.04, 0.2, 0.01),
            (t.KnowledgeGapClosed, t.BehaviourErrorShare, t.FineTuneGapClosed, t.HorizonMonths, t.NonInferiorityMargin, t.ConfidenceMargin, t.ConfidenceCiWidth, t.Alpha));
    }

    [Fact]
    public void An_unknown_name_is_an_error_with_a_suggestion()
    {
        var ex = Assert.Throws<UserInputException>(() => DecisionThresholds.From(new Dictionary<string, double> { ["knowledge_gap_close"] = 0.6 }));

        Assert.Contains("unknown decision threshold 'knowledge_gap_close' (did you mean 'knowledge_gap_closed'?)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("knowledge_gap_closed", 1.5, "between 0 and 1")]
    [InlineData("horizon_months", 2.5, "whole number of months")]
    [InlineData("horizon_months", 0, "whole number of months")]
    [InlineData("alpha", 0.7, "strictly between 0 and 0.5")]
    [InlineData("confidence_ci_width", -1, "positive number")]
    public void Out_of_range_values_are_errors(string name, double value, string expected)
    {
        var ex = Assert.Throws<UserInputException>(() => DecisionThresholds.From(new Dictionary<string, double> { [name] = value }));

        Assert.Contains($"decision.{name}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_study_file_threshold_is_read_and_a_typo_is_located_in_the_file()
    {
        using var folder = new Tunewise.Testing.TempDirectory();
        File.WriteAllText(folder.File("test.csv"), "text,label\nhello,greeting\n");
        const string Yaml = """
            name: t
            task: { kind: classification, test: test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: zero-shot, model: big, prompt: { template: "Classify: {{text}}" } }
            decision:
              horizon_months: 6
              knowlege_gap_closed: 0.6
            """;

        var check = StudyLoader.Parse(Yaml, "study.yaml", folder.Path);
        var study = check.Study;

        Assert.True(study is not null, string.Join("\n", check.Findings));
        var ex = Assert.Throws<UserInputException>(() => DecisionThresholds.From(study));
        Assert.StartsWith("study.yaml:9:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'knowledge_gap_closed'?", ex.Message, StringComparison.Ordinal);
        var fixedStudy = StudyLoader.Parse(Yaml.Replace("\n  knowlege_gap_closed: 0.6", "", StringComparison.Ordinal), "study.yaml", folder.Path).Study!;
        Assert.Equal(6, DecisionThresholds.From(fixedStudy).HorizonMonths);
    }
}
