using Tunewise.Lab.Tokenization;

namespace Tunewise.Lab.Training;

/// <summary>
/// Turns a conversation ending in an assistant turn into a training sequence: the conversation as the
/// model sees it at inference (chat template, generation prompt), followed by the answer; only the
/// answer's tokens carry a loss.
/// </summary>
public sealed class ChatExampleEncoder(LabTokenizer tokenizer, int maxTokens = 512, LongSequencePolicy tooLong = LongSequencePolicy.Cut)
{
    public int MaxTokens => maxTokens;

    /// <exception cref="SequenceTooLongException">The sequence is longer than the limit and the policy refuses it.</exception>
    public TokenizedExample Encode(IReadOnlyList<ChatMessageText> messages)
    {
        if (messages.Count < 2 || messages[^1].Role != "assistant")
            throw new ArgumentException("A chat training example needs at least one prompt message and ends with the assistant's answer.", nameof(messages));

        var prompt = messages.Take(messages.Count - 1).ToList();
        var promptText = tokenizer.FormatChat(prompt, addGenerationPrompt: true);
        var fullText = tokenizer.FormatChat(messages, addGenerationPrompt: false);
        if (!fullText.StartsWith(promptText, StringComparison.Ordinal))
            throw new InvalidOperationException("The chat template renders the conversation so that the prompt is not a prefix of it; answer tokens cannot be told apart.");

        // Same convention as the lab chat client: a template writes its own BOS; without one, the tokenizer adds it.
        var templated = tokenizer.ChatTemplate is not null;
        var promptIds = tokenizer.Encode(promptText, addSpecialTokens: !templated).Select(i => (long)i).ToList();
        var answerIds = tokenizer.Encode(fullText[promptText.Length..]).Select(i => (long)i).ToList();
        if (!templated && tokenizer.EosId is { } eos) answerIds.Add(eos);
        if (answerIds.Count == 0) throw new ArgumentException("The assistant's answer is empty.", nameof(messages));

        if (promptIds.Count + answerIds.Count > maxTokens && tooLong == LongSequencePolicy.Refuse)
            throw new SequenceTooLongException(promptIds.Count, answerIds.Count, maxTokens);
        // Over-long examples keep their answer and lose the start of the prompt.
        var room = Math.Max(1, maxTokens - answerIds.Count);
        if (promptIds.Count > room) promptIds = promptIds.Skip(promptIds.Count - room).ToList();
        if (promptIds.Count + answerIds.Count > maxTokens) answerIds = answerIds.Take(maxTokens - promptIds.Count).ToList();
        return TokenizedExample.FromPromptAndAnswer(promptIds, answerIds);
    }
}
