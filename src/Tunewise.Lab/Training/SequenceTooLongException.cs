using System.Globalization;

namespace Tunewise.Lab.Training;

/// <summary>A training sequence longer than the limit, under <see cref="LongSequencePolicy.Refuse"/>: its lengths in tokens.</summary>
public sealed class SequenceTooLongException(int promptTokens, int answerTokens, int limit)
    : ArgumentException(string.Create(CultureInfo.InvariantCulture,
        $"the sequence is {promptTokens + answerTokens} tokens (prompt {promptTokens}, answer {answerTokens}), longer than the limit of {limit}"))
{
    public int PromptTokens { get; } = promptTokens;

    public int AnswerTokens { get; } = answerTokens;

    public int Limit { get; } = limit;

    public int Tokens => PromptTokens + AnswerTokens;
}
