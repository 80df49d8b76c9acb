using System.Globalization;

namespace Tunewise.Prompting;

/// <summary>
/// How an arm's prompts (and, for a fine-tuning arm, its training sequences) measure against its model's context window,
/// counted before any call: the limit and where it comes from, the longest prompt as first rendered, how many exceeded
/// it, and what the arm's <c>truncate</c> policy gave up to fit. <see cref="NotRunReason"/> is set when the arm cannot run
/// without scoring text its model could not see.
/// </summary>
public sealed record ArmContextFit
{
    public required string Arm { get; init; }

    /// <summary>The model reference whose window this is (a fine-tuning arm's base model).</summary>
    public required string Model { get; init; }

    /// <summary>The model's usable context in tokens.</summary>
    public required int ContextTokens { get; init; }

    /// <summary>The most tokens a prompt may have: the context less the arm's <c>max_tokens</c>, when set.</summary>
    public required int PromptLimit { get; init; }

    public required string Source { get; init; }

    public required string Counter { get; init; }

    public required string Policy { get; init; }

    /// <summary>Test prompts counted (0 for a retrieval arm, whose prompts are fitted call by call).</summary>
    public int Prompts { get; init; }

    /// <summary>Tokens of the longest test prompt, as first rendered.</summary>
    public int LongestPrompt { get; init; }

    /// <summary>Test prompts over the limit as first rendered.</summary>
    public int OverLimit { get; init; }

    /// <summary>Test prompts that fit only after dropping demonstrations.</summary>
    public int DemonstrationsDropped { get; init; }

    /// <summary>Test prompts that fit only after cutting the input.</summary>
    public int InputsCut { get; init; }

    /// <summary>Test prompts that do not fit under the arm's policy (skipped under <c>truncate: skip</c>).</summary>
    public int Unfit { get; init; }

    /// <summary>Training sequences (prompt and answer) counted; null for arms that do not train.</summary>
    public int? TrainingSequences { get; init; }

    /// <summary>Mean tokens per training example, as trained (after any cut).</summary>
    public double? TokensPerTrainingExample { get; init; }

    public int? LongestTrainingSequence { get; init; }

    public int TrainingOverLimit { get; init; }

    /// <summary>Training sequences that do not fit under the policy (left out of training under <c>truncate: skip</c>).</summary>
    public int TrainingUnfit { get; init; }

    /// <summary>Why the arm is not run, when it is not; null when it runs.</summary>
    public string? NotRunReason { get; init; }

    /// <summary>True when some prompt or training sequence was over the limit as first rendered.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Exceeds => OverLimit > 0 || TrainingOverLimit > 0;

    /// <summary>True when the arm's policy is <c>error</c> and something exceeded the context: the check and the run fail.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsError => Policy == "error" && Exceeds;

    /// <summary>One line for the console: the arm, the model, the counts, the longest and the limit.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (OverLimit > 0)
            parts.Add(Invariant($"{OverLimit} of {Prompts} prompts exceed it (longest {LongestPrompt} tokens)"));
        if (TrainingOverLimit > 0)
            parts.Add(Invariant($"{TrainingOverLimit} of {TrainingSequences} training sequences exceed it (longest {LongestTrainingSequence} tokens)"));
        if (DemonstrationsDropped > 0)
            parts.Add(Invariant($"{DemonstrationsDropped} fit after dropping demonstrations"));
        if (InputsCut > 0)
            parts.Add(Invariant($"{InputsCut} fit after cutting the input (start kept)"));
        if (Unfit > 0)
            parts.Add(Invariant($"{Unfit} prompts do not fit"));
        if (TrainingUnfit > 0)
            parts.Add(Invariant($"{TrainingUnfit} training sequences do not fit"));
        var head = Invariant($"arm '{Arm}' on model '{Model}': context of {ContextTokens} tokens ({Source}){(PromptLimit < ContextTokens ? Invariant($", {PromptLimit} for the prompt after max_tokens") : "")}");
        var training = TrainingSequences is { } sequences
            ? Invariant($"; {sequences} training sequences, {TokensPerTrainingExample:0.#} tokens per example (longest {LongestTrainingSequence})")
            : "";
        return (parts.Count == 0 ? head + Invariant($": every prompt fits (longest {LongestPrompt} tokens)") : head + ": " + string.Join("; ", parts)) + training;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
