using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Tokenization;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Chat;

public class LabContextWindowTests : TorchTest
{
    [Theory]
    [InlineData("tw-base")]
    [InlineData("tw-small")]
    public void A_built_in_model_has_the_context_it_was_pretrained_on_not_its_position_table(string name)
    {
        var directory = LabModels.ResolveDirectory("lab:" + name);
        var record = PretrainRecord.Require(directory, "a built-in model records its recipe");

        var window = LabContextWindow.Open("lab:" + name, directory);

        // The recipe of the model's world: 256-token sequences in world v1, 512 in v2; the position table is larger.
        Assert.Equal(PretrainRecipe.ForName(name, record.WorldVersion!.Value).SequenceLength, record.SequenceLength);
        Assert.Equal(record.SequenceLength, window.Tokens);
        Assert.Equal("config.json training_sequence_length", window.Source);
        Assert.Equal(1024, JsonNode.Parse(File.ReadAllText(Path.Combine(directory, LlamaCheckpoint.ConfigFile)))!["max_position_embeddings"]!.GetValue<int>());
    }

    [Fact]
    public void Without_the_config_field_the_recipe_is_read_and_without_either_the_position_table()
    {
        using var dir = new TempDirectory();
        RandomCheckpoint.Write(dir.File("m"), layers: 1, hiddenSize: 32);

        var bare = LabContextWindow.Open("lab:" + dir.File("m"), dir.Path);
        File.WriteAllText(dir.File("m/" + Pretrainer.RecipeFile), """{"recipe": {"sequence_length": 128}}""");
        var recorded = LabContextWindow.Open("lab:" + dir.File("m"), dir.Path);

        Assert.Equal(512, bare.Tokens);
        Assert.StartsWith("config.json max_position_embeddings", bare.Source, StringComparison.Ordinal);
        Assert.Equal(128, recorded.Tokens);
        Assert.Equal("recipe.json recipe.sequence_length", recorded.Source);
    }

    [Fact]
    public void Prompts_and_training_sequences_are_counted_as_the_chat_client_and_trainer_encode_them()
    {
        using var dir = new TempDirectory();
        RandomCheckpoint.Write(dir.File("m"), layers: 1, hiddenSize: 32);
        var tokenizer = LabTokenizer.Load(dir.File("m"));
        var window = LabContextWindow.Open("lab:" + dir.File("m"), dir.Path);
        ChatMessage[] prompt = [new(ChatRole.User, "hello world and the rest")];

        var promptTokens = window.Count(prompt);
        var sequenceTokens = window.Count([.. prompt, new ChatMessage(ChatRole.Assistant, "yes")]);
        var encoded = new Tunewise.Lab.Training.ChatExampleEncoder(tokenizer, 4096).Encode(
            [new ChatMessageText("user", "hello world and the rest"), new ChatMessageText("assistant", "yes")]);

        Assert.Equal(tokenizer.Encode(tokenizer.FormatChat([new ChatMessageText("user", "hello world and the rest")])).Length, promptTokens);
        Assert.Equal(encoded.InputIds.Length, sequenceTokens);
    }
}
