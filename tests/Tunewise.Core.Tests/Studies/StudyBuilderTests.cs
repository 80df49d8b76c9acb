using Tunewise.Studies;
using Tunewise.Studies.Validation;

namespace Tunewise.Core.Tests.Studies;

public class StudyBuilderTests
{
    [Fact]
    public void Builder_freezes_a_validated_immutable_study()
    {
        using var files = new StudyFiles();
        var builder = new StudyBuilder("support")
            .WithBaseDirectory(files.Folder)
            .WithTask(TaskKind.Classification, t => t.WithTest("data/test.csv").WithTrain("data/train.csv").WithInput("text").WithExpected("label"))
            .AddModel("big", "openai:gpt-4o")
            .AddModel(new ModelSpec("local", ModelProviders.OpenAICompatible, "qwen", BaseUrl: "http://127.0.0.1:8000/v1"))
            .AddArm(new ArmSpec { Name = "zero-shot", Model = "big" })
            .AddArm(new ArmSpec { Name = "few", Model = "local", Prompt = new PromptSpec { FewShot = 4, Select = DemonstrationSelection.Stratified } })
            .WithRequirement(MetricNames.Accuracy, 0.9)
            .WithBudget(10m);

        var study = builder.Build();
        builder.Arms.Clear();
        builder.Name = "changed";

        Assert.Equal("support", study.Name);
        Assert.Equal(2, study.Arms.Length);
        Assert.Equal(Path.Combine(files.Folder, "data", "test.csv"), study.Task.Test);
        Assert.Equal(["accuracy", "macro_f1"], study.Metrics.Select(m => m.Name));
        Assert.Equal("openai:gpt-4o", study.ModelOf(study.Arms[0]).Reference);
        Assert.Equal(StudySource.None, study.Source);
    }

    [Fact]
    public void Builder_reports_every_error_without_locations()
    {
        var builder = new StudyBuilder("")
            .AddModel("big", "gpt-4o")
            .AddArm(new ArmSpec { Name = "a", Model = "bgi", Temperature = 5 });

        var ex = Assert.Throws<StudyValidationException>(() => builder.Build(new StudyValidationContext { CheckFiles = false }));

        Assert.Equal(
        [
            "missing required key 'kind' in task (classification | extraction | generation | qa)",
            "missing required key 'name' (a short name for the study)",
            "task needs 'data' (one file to split) or 'test' (a held-out test file)",
            "missing required key 'expected' in task (the field that holds the gold answer)",
            "arm 'a' temperature must be between 0 and 2 (got 5)",
            "warning: no requirement: add e.g. 'requirement: { metric: accuracy, target: 0.9 }' so the report can say whether prompting is enough",
            "model 'big' needs a provider: write 'provider:model', e.g. 'openai:gpt-4o' (providers: openai, anthropic, ollama, gguf, lab, openai-compatible)",
            "arm 'a' names undefined model 'bgi' (did you mean 'big'?)",
        ], ex.Errors.Select(e => e.ToString()));
        Assert.All(ex.Errors, e => Assert.Equal((null, 0, 0), (e.File, e.Line, e.Column)));
    }

    [Theory]
    [InlineData("openai:gpt-4o-mini", "openai", "gpt-4o-mini")]
    [InlineData("ollama:llama3.1:8b", "ollama", "llama3.1:8b")]
    [InlineData("gguf:models/tiny.gguf", "gguf", "models/tiny.gguf")]
    [InlineData("lab:tw-base", "lab", "tw-base")]
    public void Model_references_split_at_the_first_colon(string reference, string provider, string model)
    {
        var spec = ModelSpec.TryParse("m", reference)!;

        Assert.Equal((provider, model), (spec.Provider, spec.Model));
        Assert.Equal(reference, spec.Reference);
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("openai:")]
    [InlineData(":gpt-4o")]
    public void A_reference_without_provider_or_model_does_not_parse(string reference) => Assert.Null(ModelSpec.TryParse("m", reference));

    [Theory]
    [InlineData("fewshot", "few_shot")]
    [InlineData("few-shot", "few_shot")]
    [InlineData("modles", "models")]
    [InlineData("Accuracy", "accuracy")]
    [InlineData("clasification", "classification")]
    [InlineData("macro-f1", "macro_f1")]
    public void Did_you_mean_finds_plausible_typos(string typo, string expected) =>
        Assert.Equal(expected, DidYouMean.Suggest(typo, ["few_shot", "models", "accuracy", "classification", "macro_f1", "metrics"]));

    [Theory]
    [InlineData("xyz")]
    [InlineData("temperature")]
    public void Did_you_mean_stays_quiet_when_nothing_is_close(string input) =>
        Assert.Null(DidYouMean.Suggest(input, ["few_shot", "models", "name"]));
}
