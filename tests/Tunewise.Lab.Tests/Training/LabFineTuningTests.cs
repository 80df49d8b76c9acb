using Microsoft.Extensions.AI;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.Training;
using Tunewise.Studies;
using Tunewise.Testing;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Training;

public class LabFineTuningTests : TorchTest
{
    private static string WriteData(TempDirectory directory, string name, int count)
    {
        var lines = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? $$"""{"input": "hello {{i}}", "expected": "yes"}"""
            : $$"""{"messages": [{"role": "system", "content": "answer"}, {"role": "user", "content": "the world {{i}}"}, {"role": "assistant", "content": "no"}]}""");
        var path = directory.File(name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Answer_tokens_alone_carry_loss_and_follow_the_rendered_prompt()
    {
        using var directory = new TempDirectory();
        RandomCheckpoint.Write(directory.Path, layers: 1, hiddenSize: 32);
        var tokenizer = LabTokenizer.Load(directory.Path);
        var messages = new[] { new ChatMessageText("user", "hello"), new ChatMessageText("assistant", "yes") };

        var example = new ChatExampleEncoder(tokenizer).Encode(messages);

        var prompt = tokenizer.Encode(tokenizer.FormatChat(messages[..1], addGenerationPrompt: true));
        Assert.Equal(prompt.Select(i => (long)i), example.InputIds.Take(prompt.Length));
        Assert.All(example.Labels.Take(prompt.Length), l => Assert.Equal(TokenizedExample.IgnoreLabel, l));
        var answer = tokenizer.Decode(example.Labels.Where(l => l != TokenizedExample.IgnoreLabel).Select(l => (int)l), skipSpecialTokens: false);
        Assert.StartsWith("yes", answer);
        Assert.Contains("<|im_end|>", answer); // the model learns to end its turn
    }

    [Fact]
    public void A_malformed_line_is_reported_with_file_line_and_field()
    {
        using var directory = new TempDirectory();
        var path = directory.File("bad.jsonl");
        File.WriteAllLines(path, ["""{"input": "a", "expected": "b"}""", """{"input": "a"}"""]);
        var error = Assert.Throws<UserInputException>(() => ChatTrainingData.Load(path));
        Assert.Contains($"{path}:2", error.Message);
        Assert.Contains("expected", error.Message);
    }

    [Fact]
    public async Task A_lora_run_writes_an_adapter_that_the_chat_client_applies_and_keys_its_cache_on()
    {
        using var directory = new TempDirectory();
        var modelDirectory = Path.Combine(directory.Path, "base");
        RandomCheckpoint.Write(modelDirectory, layers: 1, hiddenSize: 32, seed: 3);
        var output = Path.Combine(directory.Path, "adapter");

        var result = LabFineTuning.Run(new FineTuneRequest
        {
            Model = modelDirectory,
            TrainData = WriteData(directory, "train.jsonl", 16),
            DevData = WriteData(directory, "dev.jsonl", 4),
            Method = FineTuneMethod.Lora,
            OutputDirectory = output,
            Lora = new LoraOptions { Rank = 4, Alpha = 8 },
            Trainer = new TrainerOptions { Epochs = 3, BatchSize = 4, LearningRate = 5e-3, WarmupSteps = 2 },
        });

        Assert.Equal(12, result.Steps);
        Assert.Equal(3, result.DevLosses.Count);
        Assert.True(result.DevLosses[^1] < result.DevLosses[0]);
        Assert.True(File.Exists(Path.Combine(output, PeftAdapter.WeightsFile)));
        Assert.True(File.Exists(Path.Combine(output, PeftAdapterConfig.FileName)));

        using var client = LabModels.CreateChatClient(modelDirectory);
        var baseId = client.GetService<ChatClientMetadata>()!.DefaultModelId;
        client.WithLoraAdapter(output);
        var adaptedId = client.GetService<ChatClientMetadata>()!.DefaultModelId;
        Assert.NotEqual(baseId, adaptedId);
        Assert.Contains(PeftAdapter.Hash(output), adaptedId);

        // The client's model now computes what base + adapter computes.
        using var reference = LlamaModel.Load(modelDirectory);
        PeftAdapter.Load(reference, output);
        reference.eval();
        using var ids = tensor(new long[] { 5, 6, 7, 8 }, [1, 4]);
        using var expected = reference.call(ids);
        var model = client.GetService<LlamaModel>()!;
        model.eval();
        using (no_grad())
        {
            using var actual = model.call(ids);
            Assert.True((actual - expected).abs().max().item<float>() < 1e-4f);
        }
        var answer = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello 2")], new ChatOptions { MaxOutputTokens = 3 });
        Assert.NotNull(answer.Text);

        // The adapter folder on its own is a lab model too (lab:path/to/adapter): its base plus the adapter.
        using var fromFolder = LabModels.CreateChatClient(output);
        Assert.Contains(PeftAdapter.Hash(output), fromFolder.GetService<ChatClientMetadata>()!.DefaultModelId);
        var folderModel = fromFolder.GetService<LlamaModel>()!;
        folderModel.eval();
        using (no_grad())
        {
            using var fromAdapterFolder = folderModel.call(ids);
            Assert.True((fromAdapterFolder - expected).abs().max().item<float>() < 1e-4f);
        }
    }

    [Fact]
    public void A_full_run_writes_a_checkpoint_that_loads_as_a_lab_model()
    {
        using var directory = new TempDirectory();
        var modelDirectory = Path.Combine(directory.Path, "base");
        RandomCheckpoint.Write(modelDirectory, layers: 1, hiddenSize: 32, seed: 3);
        var output = Path.Combine(directory.Path, "tuned");

        LabFineTuning.Run(new FineTuneRequest
        {
            Model = modelDirectory,
            TrainData = WriteData(directory, "train.jsonl", 8),
            Method = FineTuneMethod.Full,
            OutputDirectory = output,
            Trainer = new TrainerOptions { Epochs = 1, BatchSize = 4, LearningRate = 1e-3 },
        });

        using var client = LabModels.CreateChatClient(output);
        Assert.NotEqual(LlamaCheckpoint.WeightsHash(modelDirectory), LlamaCheckpoint.WeightsHash(output));
        Assert.True(Directory.Exists(Path.Combine(output, LabFineTuning.CheckpointFolder)));
    }
}
