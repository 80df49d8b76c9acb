using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Training;
using Tunewise.Lab.World;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Pretraining;

public class PretrainerTests : TorchTest
{
    private static readonly PretrainRecipe Tiny = new()
    {
        Name = "tw-test", HiddenSize = 32, Layers = 1, Heads = 4, KeyValueHeads = 2, IntermediateSize = 64,
        VocabSize = 300, SequenceLength = 32, BatchSize = 2, Steps = 3, WarmupSteps = 1,
    };

    private static string TinyWorld(TempDirectory directory)
    {
        var world = directory.File("world");
        var generator = new WorldGenerator(WorldOptions.For(WorldSize.Tiny) with { PretrainingCharacters = 20_000, GeneralEvalPerFamily = 1 });
        generator.WriteGeneralEval(world);
        generator.WritePretraining(world);
        return world;
    }

    [Fact]
    public async Task Pretraining_writes_a_loadable_fp16_checkpoint_with_its_recipe_and_scores()
    {
        using var directory = new TempDirectory();
        var world = TinyWorld(directory);
        var output = directory.File("model");

        var outcome = Pretrainer.Run(Tiny, world, output);

        Assert.Equal(3, outcome.Training.Steps);
        Assert.Equal(3 * 2 * 32, outcome.Training.TrainedTokens);
        Assert.False(Directory.Exists(Path.Combine(output, Pretrainer.CheckpointFolder)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, LlamaCheckpoint.ConfigFile)))!;
        Assert.Equal("float16", config["torch_dtype"]!.GetValue<string>());
        Assert.True(config["tie_word_embeddings"]!.GetValue<bool>());
        var recipe = JsonNode.Parse(File.ReadAllText(Path.Combine(output, Pretrainer.RecipeFile)))!;
        Assert.Equal("tw-test", recipe["name"]!.GetValue<string>());
        Assert.Equal(13, recipe["world"]!["seed"]!.GetValue<int>());
        Assert.Equal(outcome.Parameters, recipe["parameters"]!.GetValue<long>());
        Assert.Equal(10, recipe["general_skills"]!["total"]!.GetValue<int>());
        Assert.Equal(Pretrainer.RecordedSmokeScore(output), (outcome.SmokeSkills.Correct, outcome.SmokeSkills.Total));

        // The checkpoint is a normal lab model: it answers through the chat client in the world's turn format.
        using var client = LabModels.CreateChatClient(output);
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Copy the text exactly.\napple")], new ChatOptions { MaxOutputTokens = 4 });
        Assert.NotNull(response.Text);
    }

    [Fact]
    public void The_recipe_is_deterministic_same_world_same_weights()
    {
        using var directory = new TempDirectory();
        var world = TinyWorld(directory);

        Pretrainer.Run(Tiny, world, directory.File("a"));
        Pretrainer.Run(Tiny, world, directory.File("b"));

        Assert.Equal(LlamaCheckpoint.WeightsHash(directory.File("a")), LlamaCheckpoint.WeightsHash(directory.File("b")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(directory.File("a"), "tokenizer.json")), File.ReadAllBytes(Path.Combine(directory.File("b"), "tokenizer.json")));
    }

    [Fact]
    public void The_chat_template_renders_the_same_turns_as_the_pretraining_corpus()
    {
        using var directory = new TempDirectory();
        var world = TinyWorld(directory);
        Pretrainer.Run(Tiny with { Steps = 1 }, world, directory.File("m"));
        var tokenizer = Tunewise.Lab.Tokenization.LabTokenizer.Load(directory.File("m"));

        var rendered = tokenizer.FormatChat([new("user", "Reverse this."), new("assistant", "siht")], addGenerationPrompt: false);

        Assert.Equal(ChatMarkers.Turn("Reverse this.", "siht"), rendered);
        Assert.Equal("<|user|>\nq\n<|assistant|>\n", tokenizer.FormatChat([new("user", "q")]));
    }

    [Fact]
    public void A_world_without_a_corpus_is_a_clear_error()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<UserInputException>(() => Pretrainer.Run(Tiny, directory.Path, directory.File("m")));

        Assert.Contains("corpus.txt", error.Message);
        Assert.Contains("lab world", error.Message);
    }

    [Fact]
    public void Answer_only_packing_puts_the_loss_on_the_assistants_turns_alone()
    {
        const int user = 1, assistant = 2, end = 3;
        int[] ids = [user, 10, 11, assistant, 20, 21, end, user, 12, assistant, 22, end, 13];

        var packed = Pretrainer.Pack(ids, 6, assistant, end);

        Assert.Equal(2, packed.Count);
        Assert.Equal([user, 10, 11, assistant, 20, 21], packed[0].InputIds);
        Assert.Equal([TokenizedExample.IgnoreLabel, TokenizedExample.IgnoreLabel, TokenizedExample.IgnoreLabel, TokenizedExample.IgnoreLabel, 20, 21], packed[0].Labels);
        Assert.Equal([end, TokenizedExample.IgnoreLabel, TokenizedExample.IgnoreLabel, TokenizedExample.IgnoreLabel, 22, end], packed[1].Labels);
        Assert.All(Pretrainer.Pack(ids, 6), e => Assert.Equal(e.InputIds, e.Labels));
    }

    [Fact]
    public void A_prompt_loss_share_puts_the_loss_on_that_share_of_the_other_tokens_and_on_every_answer_token()
    {
        const int user = 1, assistant = 2, end = 3;
        var ids = Enumerable.Range(0, 2000).SelectMany(i => new[] { user, 10 + i % 7, 11, 12, 13, assistant, 20 + i % 5, end }).ToArray();

        var packed = Pretrainer.Pack(ids, 8, assistant, end, promptShare: 0.25, seed: 5);

        var prompt = 0;
        var prompted = 0;
        foreach (var example in packed)
        {
            for (var i = 0; i < example.InputIds.Length; i++)
            {
                var answerToken = i >= 6; // the answer and its end marker
                if (answerToken) Assert.Equal(example.InputIds[i], example.Labels[i]);
                else
                {
                    prompt++;
                    if (example.Labels[i] != TokenizedExample.IgnoreLabel) { prompted++; Assert.Equal(example.InputIds[i], example.Labels[i]); }
                }
            }
        }
        Assert.InRange((double)prompted / prompt, 0.22, 0.28);
        // The same seed draws the same tokens; another seed draws others.
        Assert.Equal(packed.SelectMany(e => e.Labels), Pretrainer.Pack(ids, 8, assistant, end, 0.25, 5).SelectMany(e => e.Labels));
        Assert.NotEqual(packed.SelectMany(e => e.Labels), Pretrainer.Pack(ids, 8, assistant, end, 0.25, 6).SelectMany(e => e.Labels));
    }

    [Theory]
    [InlineData(PretrainLoss.Answers, -0.1)]
    [InlineData(PretrainLoss.Answers, 1.5)]
    [InlineData(PretrainLoss.All, 0.2)]
    public void A_prompt_loss_share_out_of_range_or_without_the_answer_loss_is_refused(PretrainLoss loss, double share)
    {
        var recipe = PretrainRecipe.ForName("tw-small", 2) with { LossOn = loss, PromptLossShare = share };
        var error = Assert.Throws<UserInputException>(recipe.Validate);
        Assert.Contains("prompt loss share", error.Message);
    }
}
