using Microsoft.Extensions.AI;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Models;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Chat;

public class LabChatClientTests
{
    [Fact]
    public async Task A_checkpoint_answers_through_IChatClient_with_usage_and_a_weights_hash()
    {
        using var temp = new TempDirectory();
        RandomCheckpoint.Write(temp.Path, layers: 2, hiddenSize: 32, seed: 9);
        using var client = LabModels.CreateChatClient("lab:" + temp.Path);
        var messages = new[] { new ChatMessage(ChatRole.User, "hello world") };
        var options = new ChatOptions { MaxOutputTokens = 5, Temperature = 0 };

        var first = await client.GetResponseAsync(messages, options);
        var second = await client.GetResponseAsync(messages, options);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(5, first.Usage!.OutputTokenCount);
        // "<|im_start|>user\nhello world<|im_end|>\n<|im_start|>assistant\n": im_start, user, \n, hello, world, im_end, \n, im_start, assistant(9 bytes: a,s,s,i,s,t,a,n,t), \n
        Assert.True(first.Usage.InputTokenCount > 10);

        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Contains(LlamaCheckpoint.WeightsHash(temp.Path), metadata.DefaultModelId);
        Assert.Equal(64, LlamaCheckpoint.WeightsHash(temp.Path).Length);

        var sampled = new ChatOptions { MaxOutputTokens = 8, Temperature = 1.2f, Seed = 3 };
        var a = await client.GetResponseAsync(messages, sampled);
        var b = await client.GetResponseAsync(messages, sampled);
        Assert.Equal(a.Text, b.Text);
    }

    [Fact]
    public async Task A_completion_mode_call_continues_the_text_as_the_tokenizer_encodes_it_and_its_window_counts_it_so()
    {
        using var temp = new TempDirectory();
        RandomCheckpoint.Write(temp.Path, layers: 1, hiddenSize: 32, seed: 7, sentencePiece: true);
        using var client = LabModels.CreateChatClient("lab:" + temp.Path);
        const string text = "hello world and yes";
        var messages = new[] { new ChatMessage(ChatRole.User, text) };

        var raw = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 8, Temperature = 0 }.WithRawCompletion());
        var chat = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 8, Temperature = 0 });

        // The same greedy continuation as tokenizer(text) (BOS, then the text's tokens) gives directly.
        var tokenizer = Tunewise.Lab.Tokenization.LabTokenizer.Load(temp.Path);
        using var model = Tunewise.Lab.Models.LlamaModel.Load(temp.Path);
        var ids = tokenizer.Encode(text, addSpecialTokens: true);
        var expected = new Tunewise.Lab.Generation.TextGenerator(model, tokenizer).Generate(ids, new Tunewise.Lab.Generation.GenerationOptions { MaxNewTokens = 8 }).Text;
        Assert.Equal(expected, raw.Text);
        Assert.Equal(ids.Length, raw.Usage!.InputTokenCount);
        Assert.True(chat.Usage!.InputTokenCount > raw.Usage.InputTokenCount); // the chat template's tokens
        var window = LabContextWindow.Open("lab:" + temp.Path, temp.Path);
        Assert.Equal(ids.Length, window.CountText(text));
        // A completion-mode call is one text: a conversation is refused, not flattened.
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "s"), new ChatMessage(ChatRole.User, text)], new ChatOptions { MaxOutputTokens = 2 }.WithRawCompletion()));
    }

    [Fact]
    public async Task Generation_stops_at_the_end_of_turn_token_a_fine_tuned_model_learnt_to_write()
    {
        using var temp = new TempDirectory();
        RandomCheckpoint.Write(temp.File("base"), layers: 1, hiddenSize: 32, seed: 4);
        File.WriteAllLines(temp.File("train.jsonl"), Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? """{"input": "hello", "expected": "yes"}"""
            : """{"input": "world", "expected": "no"}"""));
        Tunewise.Lab.Training.LabFineTuning.Run(new Tunewise.Lab.Training.FineTuneRequest
        {
            Model = temp.File("base"),
            TrainData = temp.File("train.jsonl"),
            Method = Tunewise.Studies.FineTuneMethod.Full,
            OutputDirectory = temp.File("tuned"),
            Trainer = new Tunewise.Lab.Training.TrainerOptions { Epochs = 40, BatchSize = 8, LearningRate = 1e-2, WarmupSteps = 2, Seed = 3 },
        });
        var tokenizer = Tunewise.Lab.Tokenization.LabTokenizer.Load(temp.File("tuned"));
        Assert.Equal("<|im_end|>", tokenizer.Decode([tokenizer.EosId!.Value], skipSpecialTokens: false));

        using var client = LabModels.CreateChatClient("lab:" + temp.File("tuned"));
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], new ChatOptions { MaxOutputTokens = 32, Temperature = 0 });

        // The answer ends where the model ends its turn: 32 tokens were allowed, only the answer's were generated.
        Assert.Equal("yes", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(tokenizer.Encode("yes").Length, response.Usage!.OutputTokenCount);

        // The model does write the end-of-turn token: decoding past it runs on to the limit.
        using var model = Tunewise.Lab.Models.LlamaModel.Load(temp.File("tuned"));
        var generator = new Tunewise.Lab.Generation.TextGenerator(model, tokenizer);
        var prompt = tokenizer.Encode(tokenizer.FormatChat([new Tunewise.Lab.Tokenization.ChatMessageText("user", "hello")], addGenerationPrompt: true));
        var unstopped = generator.Generate(prompt, new Tunewise.Lab.Generation.GenerationOptions { MaxNewTokens = 32, StopAtEos = false });
        Assert.Equal("length", unstopped.FinishReason);
        Assert.Equal(32, unstopped.Tokens.Count);
        Assert.StartsWith("yes<|im_end|>", tokenizer.Decode(unstopped.Tokens, skipSpecialTokens: false));
    }

    [Fact]
    public async Task Concurrent_requests_are_serialized_and_all_answered()
    {
        using var temp = new TempDirectory();
        RandomCheckpoint.Write(temp.Path, layers: 1, hiddenSize: 32, seed: 1);
        using var client = LabModels.CreateChatClient(temp.Path);
        var options = new ChatOptions { MaxOutputTokens = 4 };
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "yes")], options)));
        Assert.All(answers, a => Assert.Equal(answers[0].Text, a.Text));
    }

    [Fact]
    public void A_built_in_name_resolves_to_the_models_folder_beside_the_app()
    {
        string name = "tw-test-" + Guid.NewGuid().ToString("N")[..8];
        string directory = Path.Combine(LabModels.BuiltInDirectory, name);
        try
        {
            RandomCheckpoint.Write(directory, layers: 1, hiddenSize: 32);
            Assert.Equal(directory, LabModels.ResolveDirectory("lab:" + name));
            Assert.Contains(name, LabModels.BuiltInNames());
            var error = Assert.Throws<UserInputException>(() => LabModels.ResolveDirectory("lab:tw-other"));
            Assert.Contains(name, error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_lab_name_lists_what_is_known()
    {
        var error = Assert.Throws<UserInputException>(() => LabModels.ResolveDirectory("lab:tw-nonexistent"));
        Assert.Contains("tw-nonexistent", error.Message);
        Assert.Contains("Known built-in models", error.Message);
    }
}
