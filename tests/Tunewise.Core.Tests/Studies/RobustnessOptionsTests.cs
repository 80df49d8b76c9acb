using Tunewise.Robustness;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Studies;

public sealed class RobustnessOptionsTests
{
    private static string Study(string robustness) => $$"""
        name: r
        task: { kind: classification, test: data/test.csv, input: text, expected: label }
        models: { big: openai:gpt-4o }
        arms:
          - { name: zero-shot, model: big }
        {{robustness}}
        """;

    [Fact]
    public void The_section_is_read_into_options()
    {
        using var files = new StudyFiles();
        var result = files.Check(Study("""
            robustness:
              perturbations: [typos, case]
              variants: 4
              max_calls: 400
              seed: 7
              typo_rate: 0.1
              instructions: ["Say if the review is positive or negative."]
              distractors: ["The train leaves at noon."]
            """));
        Assert.True(result.IsValid, string.Join("\n", result.Findings));
        var options = RobustnessOptions.FromStudy(result.Study!);
        Assert.Equal(["typos", "case"], options.Perturbations.ToArray());
        Assert.Equal((4, 400, 7UL, 0.1), (options.Variants, options.MaxCalls, options.Seed, options.TypoRate));
        Assert.Equal(["Say if the review is positive or negative."], options.Instructions.ToArray());
        Assert.Equal(["The train leaves at noon."], options.Distractors.ToArray());
    }

    [Fact]
    public void A_study_without_the_section_gets_every_perturbation()
    {
        using var files = new StudyFiles();
        var options = RobustnessOptions.FromStudy(files.Check(Study("")).GetStudyOrThrow());
        Assert.Equal(Tunewise.Robustness.Perturbations.PromptPerturbations.Names, options.Perturbations.ToArray());
        Assert.Null(options.MaxCalls);
    }

    [Fact]
    public void A_single_perturbation_name_needs_no_list()
    {
        using var files = new StudyFiles();
        Assert.Equal(["order"], RobustnessOptions.FromStudy(files.Check(Study("robustness: { perturbations: order }")).GetStudyOrThrow()).Perturbations.ToArray());
        var lines = StudyFiles.Lines(files.Check(Study("robustness: { perturbations: typo }")));
        Assert.Contains(lines, l => l.StartsWith("6:30: unknown perturbation 'typo' (did you mean 'typos'?)", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_perturbation_names_and_keys_are_located_with_a_suggestion()
    {
        using var files = new StudyFiles();
        var result = files.Check(Study("""
            robustness:
              perturbations:
                - typos
                - seperator
              varients: 3
              typo_rate: 2
            """));
        Assert.False(result.IsValid);
        var lines = StudyFiles.Lines(result);
        Assert.Contains(lines, l => l.StartsWith("9:7: unknown perturbation 'seperator' (did you mean 'separator'?); expected one of: separator, case,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("10:3: unknown key 'varients' in robustness (did you mean 'variants'?)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("11:14: robustness.typo_rate must be a fraction of letters in (0, 0.5]", StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.EndsWith("study.yaml", e.File));
    }

    [Fact]
    public void The_published_schema_knows_the_section()
    {
        Assert.True(StudySchemaTests.Evaluate(Study("robustness: { perturbations: [separator, typos], variants: 4, max_calls: 500, typo_rate: 0.1 }")).IsValid);
        Assert.True(StudySchemaTests.Evaluate(Study("robustness: { perturbations: all }")).IsValid);
        Assert.False(StudySchemaTests.Evaluate(Study("robustness: { perturbations: [seperator] }")).IsValid);
        Assert.False(StudySchemaTests.Evaluate(Study("robustness: { varients: 3 }")).IsValid);
    }
}
