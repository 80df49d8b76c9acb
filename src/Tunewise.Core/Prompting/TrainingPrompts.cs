using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>
/// Renders a fine-tuning arm's training examples through its prompt (without demonstrations) and, when the model's
/// context window is known, fits each training sequence (prompt and answer) into it as the arm's policy allows. The one
/// place training sequences are rendered, so what is checked before a run is what is trained.
/// </summary>
public static class TrainingPrompts
{
    public static IReadOnlyList<TrainingPrompt> Render(TaskSpec task, ArmSpec arm, IReadOnlyList<Example> examples, IReadOnlyList<string> labels,
        IModelContextWindow? window)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(examples);
        var promptArm = arm with { Prompt = arm.Prompt with { FewShot = 0 } };
        using var renderer = new PromptRenderer(promptArm, task, [], null, labels);
        var rows = new List<TrainingPrompt>(examples.Count);
        foreach (var example in examples)
        {
            if (!example.Fields.TryGetValue(task.Expected, out var answer) || answer.Length == 0)
                continue;
            var prompt = renderer.Render(example);
            if (window is null)
            {
                rows.Add(new TrainingPrompt(example, prompt, answer, 0, 0, false));
                continue;
            }
            var full = Sequence(window, prompt, answer);
            if (full <= window.Tokens)
            {
                rows.Add(new TrainingPrompt(example, prompt, answer, full, full, false));
                continue;
            }
            if (arm.Truncate != TruncatePolicy.Input)
            {
                rows.Add(new TrainingPrompt(example, null, answer, full, full, false));
                continue;
            }
            // The answer is what the model learns: it is kept whole, and the input gives way, keeping its start.
            var fitter = new ContextFitter(window, arm with { MaxTokens = full - window.Count(prompt.Messages) }, task);
            var fitted = fitter.Fit(renderer, example);
            var tokens = fitted.Prompt is { } cut ? Sequence(window, cut, answer) : full;
            rows.Add(new TrainingPrompt(example, fitted.Prompt is not null && tokens <= window.Tokens ? fitted.Prompt : null, answer, tokens, full, true));
        }
        return rows;
    }

    private static int Sequence(IModelContextWindow window, RenderedPrompt prompt, string answer) =>
        window.Count([.. prompt.Messages, new ChatMessage(ChatRole.Assistant, answer)]);
}
