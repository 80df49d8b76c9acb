namespace Tunewise.Lab.Training;

/// <summary>
/// One training sequence: token ids and, per position, the label the loss trains towards, or
/// <see cref="IgnoreLabel"/> where no loss is taken (prompt, system text, padding).
/// </summary>
public sealed record TokenizedExample(long[] InputIds, long[] Labels)
{
    /// <summary>The label cross-entropy skips, as in PyTorch and Hugging Face.</summary>
    public const long IgnoreLabel = -100;

    /// <summary>Prompt tokens followed by answer tokens; only the answer carries a loss.</summary>
    public static TokenizedExample FromPromptAndAnswer(IReadOnlyList<long> prompt, IReadOnlyList<long> answer)
    {
        var ids = prompt.Concat(answer).ToArray();
        var labels = Enumerable.Repeat(IgnoreLabel, prompt.Count).Concat(answer).ToArray();
        return new TokenizedExample(ids, labels);
    }

    /// <summary>Positions that carry a loss. Labels are compared with the next position's prediction, so the first never counts.</summary>
    public int AnswerTokenCount => Labels.Skip(1).Count(l => l != IgnoreLabel);
}
