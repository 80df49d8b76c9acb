using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Tunewise.Models;

/// <summary>
/// Token counts with the o200k tokenizer, for providers that report no usage and for worst-case
/// budget checks. Counts for non-OpenAI models are estimates.
/// </summary>
public static class TokenEstimator
{
    // Chat formats wrap each message in a few role and separator tokens.
    private const int PerMessageOverhead = 4;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static int CountText(string? text) => string.IsNullOrEmpty(text) ? 0 : O200k.Value.CountTokens(text);

    public static int CountInput(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        var total = CountText(options?.Instructions);
        foreach (var message in messages)
        {
            total += PerMessageOverhead + CountText(message.Text);
        }

        return total;
    }

    public static int CountOutput(ChatResponse response) => CountText(response.Text);
}
