using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>
/// The template used when an arm gives none: for prompting and retrieval arms one per task kind, with instructions and,
/// for classification, the label list; for fine-tuning arms the input alone, since the model learns the mapping from
/// the data.
/// </summary>
public static class DefaultTemplates
{
    /// <summary>The default for <paramref name="arm"/>: <see cref="ForFineTuning"/> for a fine-tuning arm, else <see cref="For"/>.</summary>
    public static string For(TaskSpec task, ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Kind == ArmKind.FineTuning ? ForFineTuning(task) : For(task);
    }

    /// <summary>
    /// A fine-tuning arm's prompt: the input and nothing else, with no label list and no instructions (one input field:
    /// its text; several: one "field: value" line each). The answer follows as the assistant's turn, in training and
    /// when the tuned model is evaluated.
    /// </summary>
    public static string ForFineTuning(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return string.Join("\n", task.Input.Select(f => task.Input.Length == 1 ? $"{{{{{f}}}}}" : $"{f}: {{{{{f}}}}}"));
    }

    public static string For(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var input = string.Join("\n", task.Input.Select(f => task.Input.Length == 1 ? $"{{{{{f}}}}}" : $"{f}: {{{{{f}}}}}"));
        return task.Kind switch
        {
            TaskKind.Classification =>
                $"Classify the input into exactly one of these labels: {{{{{PromptPlaceholders.Labels}}}}}.\nReply with the label only.\n\n{{{{{PromptPlaceholders.Examples}}}}}Input: {input}\nLabel:",
            TaskKind.Extraction =>
                $"Extract the requested fields from the input and reply with JSON only.\n\n{{{{{PromptPlaceholders.Examples}}}}}Input: {input}\nJSON:",
            TaskKind.Qa =>
                $"Answer the question briefly.\n\n{{{{{PromptPlaceholders.Examples}}}}}Question: {input}\nAnswer:",
            _ =>
                $"Complete the task for the input.\n\n{{{{{PromptPlaceholders.Examples}}}}}Input: {input}\nOutput:",
        };
    }
}
