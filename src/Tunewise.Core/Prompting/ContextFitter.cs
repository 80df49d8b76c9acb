using Tunewise.Data;
using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>
/// Makes an arm's prompts fit its model's context, as the arm's <see cref="TruncatePolicy"/> allows: first the fewest
/// demonstrations each prompt needs dropped (the least similar, last chosen, go first), then, under
/// <see cref="TruncatePolicy.Input"/> only, the input cut to its longest start that fits. <see cref="TruncatePolicy.Error"/>
/// shortens nothing. A prompt fits when its tokens, plus the arm's <c>max_tokens</c> when it sets one, are within the
/// window, so the answer has room too.
/// </summary>
public sealed class ContextFitter
{
    private readonly IModelContextWindow _window;
    private readonly TruncatePolicy _policy;
    private readonly IReadOnlyList<string> _inputFields;

    public ContextFitter(IModelContextWindow window, ArmSpec arm, TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(task);
        _window = window;
        _policy = arm.Truncate;
        _inputFields = task.Input;
        Limit = window.Tokens - (arm.MaxTokens ?? 0);
    }

    /// <summary>The most tokens a prompt may have: the window less the answer's reserved room.</summary>
    public int Limit { get; }

    public IModelContextWindow Window => _window;

    /// <summary>A prompt's tokens as its model receives it: through the chat template, or in completion mode as plain text.</summary>
    public int Tokens(RenderedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return prompt.Options.IsRawCompletion() ? _window.CountText(prompt.Text) : _window.Count(prompt.Messages);
    }

    public FittedPrompt Fit(PromptRenderer renderer, Example example, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(example);
        var demonstrations = renderer.SelectDemonstrations(example);
        var full = renderer.Compose(example, demonstrations, context);
        var fullTokens = Tokens(full);
        if (fullTokens <= Limit)
            return new FittedPrompt(full, fullTokens, fullTokens, 0, false);
        if (_policy == TruncatePolicy.Error)
            return new FittedPrompt(null, fullTokens, fullTokens, 0, false);

        for (var kept = demonstrations.Count - 1; kept >= 0; kept--)
        {
            var shorter = renderer.Compose(example, demonstrations.Take(kept).ToList(), context);
            var tokens = Tokens(shorter);
            if (tokens <= Limit)
                return new FittedPrompt(shorter, tokens, fullTokens, demonstrations.Count - kept, false);
        }
        if (_policy != TruncatePolicy.Input)
        {
            var bare = demonstrations.Count == 0 ? fullTokens : Tokens(renderer.Compose(example, [], context));
            return new FittedPrompt(null, bare, fullTokens, demonstrations.Count, false);
        }
        return CutInput(renderer, example, context, fullTokens, demonstrations.Count);
    }

    /// <summary>The longest start of the input (fields in order, later fields cut first) whose prompt fits; a binary search on characters.</summary>
    private FittedPrompt CutInput(PromptRenderer renderer, Example example, string? context, int fullTokens, int dropped)
    {
        var total = _inputFields.Sum(f => example.Fields.TryGetValue(f, out var v) ? v.Length : 0);
        (RenderedPrompt Prompt, int Tokens)? best = null;
        int low = 0, high = total - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var prompt = renderer.Compose(KeepStart(example, middle), [], context);
            var tokens = Tokens(prompt);
            if (tokens <= Limit)
            {
                best = (prompt, tokens);
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return best is { } fit
            ? new FittedPrompt(fit.Prompt, fit.Tokens, fullTokens, dropped, true)
            : new FittedPrompt(null, Tokens(renderer.Compose(KeepStart(example, 0), [], context)), fullTokens, dropped, true);
    }

    /// <summary>The example with its input fields cut to <paramref name="characters"/> in all, kept from the start.</summary>
    public Example KeepStart(Example example, int characters)
    {
        ArgumentNullException.ThrowIfNull(example);
        var fields = new Dictionary<string, string>(example.Fields, StringComparer.Ordinal);
        var left = characters;
        foreach (var field in _inputFields)
        {
            if (!fields.TryGetValue(field, out var value))
                continue;
            var keep = Math.Clamp(left, 0, value.Length);
            fields[field] = value[..keep];
            left -= keep;
        }
        return example with { Fields = fields };
    }
}
