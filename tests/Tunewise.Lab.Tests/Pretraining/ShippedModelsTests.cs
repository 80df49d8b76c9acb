using System.Text.Json.Nodes;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.World;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Pretraining;

/// <summary>The built-in models that ship with Tunewise: present beside the app, within budget, and as good as recorded.</summary>
public class ShippedModelsTests : TorchTest
{
    public static TheoryData<string> Names => new() { "tw-base", "tw-small" };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_built_in_model_resolves_and_records_its_recipe_seed_and_world(string name)
    {
        var directory = LabModels.ResolveDirectory("lab:" + name);

        var recipe = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, Pretrainer.RecipeFile)))!;
        Assert.Equal(name, recipe["name"]!.GetValue<string>());
        Assert.Equal("float16", recipe["weights_dtype"]!.GetValue<string>());
        var version = recipe["world"]!["version"]!.GetValue<int>();
        Assert.Equal(PretrainRecipe.ForName(name, version).Seed, recipe["recipe"]!["seed"]!.GetValue<int>());
        Assert.Equal(13, recipe["world"]!["seed"]!.GetValue<int>());
        Assert.Equal(PretrainRecipe.ForName(name, version).Steps, recipe["training"]!["steps"]!.GetValue<int>());
        Assert.Equal(PretrainRecipe.ForName(name, version).SequenceLength, recipe["recipe"]!["sequence_length"]!.GetValue<int>());
        Assert.Equal("float16", JsonNode.Parse(File.ReadAllText(Path.Combine(directory, LlamaCheckpoint.ConfigFile)))!["torch_dtype"]!.GetValue<string>());
    }

    [Fact]
    public void The_built_in_models_fit_the_size_budget_and_tw_small_is_about_four_times_smaller()
    {
        long Parameters(string name)
        {
            using var model = LlamaModel.Load(LabModels.ResolveDirectory("lab:" + name));
            return model.parameters().Sum(p => p.numel());
        }
        var bytes = new[] { "tw-base", "tw-small" }.Sum(n => new DirectoryInfo(LabModels.ResolveDirectory("lab:" + n)).GetFiles().Sum(f => f.Length));

        var large = Parameters("tw-base");
        var small = Parameters("tw-small");

        Assert.InRange(large, 4_500_000, 20_000_000);
        Assert.InRange((double)large / small, 3.0, 6.0);
        Assert.True(bytes <= 25L * 1024 * 1024, $"the built-in models take {bytes:N0} bytes; the budget is 25 MB");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_built_in_model_meets_its_recorded_general_skills_score(string name)
    {
        var directory = LabModels.ResolveDirectory("lab:" + name);
        using var temp = new TempDirectory();
        new WorldGenerator(WorldOptions.For(WorldSize.Default, version: WorldVersion(directory))).WriteGeneralEval(temp.Path);
        var items = GeneralSkillsSuite.Subset(GeneralSkillsSuite.Load(temp.File("general/eval.jsonl")), Pretrainer.SmokePerFamily);
        using var model = LlamaModel.Load(directory);

        var scores = GeneralSkillsSuite.Evaluate(new TextGenerator(model, LabTokenizer.Load(directory)), items);

        var (correct, total) = Pretrainer.RecordedSmokeScore(directory);
        Assert.Equal(total, scores.Total);
        // Greedy decoding in fp32 from the shipped fp16 weights: the same answers, give or take one near-tie.
        Assert.InRange(scores.Correct, correct - 1, correct + 1);
        Assert.True(correct > 0, $"{name} answers none of the general-skills items it was trained on");
    }

    [Fact]
    public void The_shipped_models_pretraining_corpus_is_reproduced_by_its_world()
    {
        var directory = LabModels.ResolveDirectory("lab:tw-base");
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, Pretrainer.RecipeFile)))!["world"]!["corpus_sha256"]!.GetValue<string>();
        using var temp = new TempDirectory();

        new WorldGenerator(WorldOptions.For(WorldSize.Default, version: WorldVersion(directory))).WritePretraining(temp.Path);

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(temp.File("pretraining/corpus.txt"))));
        Assert.Equal(recorded, hash);
    }

    private static int WorldVersion(string modelDirectory) => PretrainRecord.Require(modelDirectory, "a built-in model records its world").WorldVersion!.Value;
}
