using Microsoft.Extensions.AI;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
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
    public void An_unknown_lab_name_lists_what_is_known()
    {
        var error = Assert.Throws<UserInputException>(() => LabModels.ResolveDirectory("lab:tw-nonexistent"));
        Assert.Contains("tw-nonexistent", error.Message);
        Assert.Contains("Known built-in models", error.Message);
    }
}
