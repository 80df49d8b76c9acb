using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>The template used when an arm gives none, one per task kind.</summary>
public static class DefaultTemplates
{
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
