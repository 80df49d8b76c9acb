using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>
/// Renders one prompting arm's messages for an example: template placeholders, optional system part,
/// few-shot demonstrations drawn only from train/dev (and checked against the frozen test set),
/// chain-of-thought instruction and response format.
/// </summary>
public sealed partial class PromptRenderer : IDisposable
{
    public const string ChainOfThoughtInstruction =
        "Think step by step and write your reasoning first. Then end with a final line of the form \"Answer: <answer>\".";

    private readonly ArmSpec _arm;
    private readonly TaskSpec _task;
    private readonly string _template;
    private readonly string _labels;
    private readonly DemonstrationSelector _selector;
    private readonly TestSetGuard? _guard;
    private readonly ChatResponseFormat? _format;
    private readonly IReadOnlyList<string>? _allowed;

    /// <param name="pool">Train and dev examples that demonstrations may come from.</param>
    /// <param name="guard">When given, pool examples that are (or copy) test examples are dropped, and every choice is re-checked.</param>
    /// <param name="labels">The label set, listed in classification prompts.</param>
    public PromptRenderer(ArmSpec arm, TaskSpec task, IReadOnlyList<Example> pool, TestSetGuard? guard, IReadOnlyList<string> labels, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(pool);
        _arm = arm;
        _task = task;
        _guard = guard;
        _template = arm.Prompt.Template ?? DefaultTemplates.For(task, arm);
        _labels = string.Join(", ", labels);
        // constrain: labels is never on by default: only the arm that asks for it restricts its model's output.
        _allowed = arm.Constrain is OutputConstraint.Labels
            ? labels.Count > 0 ? labels : throw new UserInputException($"arm '{arm.Name}' asks for constrain: labels, but the task's data holds no labels to constrain to.")
            : null;
        if (guard is not null)
        {
            var leaked = guard.FindLeaks(pool).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            pool = pool.Where(e => !leaked.Contains(e.Id)).ToList();
        }
        _selector = new DemonstrationSelector(arm.Name, arm.Prompt, task.Input, task.Expected, pool);
        _format = arm.Prompt.ResponseFormat switch
        {
            ResponseFormat.Json => ChatResponseFormat.Json,
            ResponseFormat.JsonSchema when schema is not null => ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement.Clone(), "answer"),
            ResponseFormat.JsonSchema => ChatResponseFormat.Json,
            _ => null,
        };
    }

    /// <param name="context">Retrieved or oracle passages for <c>{{context}}</c>; when the template has no such
    /// placeholder they go in a "Context:" block before the rest of the prompt.</param>
    public RenderedPrompt Render(Example example, string? context = null) =>
        Compose(example, SelectDemonstrations(example), context);

    /// <summary>The demonstrations chosen for <paramref name="example"/>, most useful first, checked against the test set.</summary>
    public IReadOnlyList<Example> SelectDemonstrations(Example example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var demonstrations = _selector.Select(example);
        _guard?.EnsureNotTest(demonstrations, TestSetGuard.FewShotPurpose(_arm.Name));
        return demonstrations;
    }

    /// <summary>
    /// The prompt for <paramref name="example"/> with exactly these demonstrations (a prefix of
    /// <see cref="SelectDemonstrations"/>, when a prompt is shortened to fit the model's context).
    /// </summary>
    public RenderedPrompt Compose(Example example, IReadOnlyList<Example> demonstrations, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(demonstrations);
        var examplesBlock = FormatDemonstrations(demonstrations);
        var user = Fill(_template, example, examplesBlock, context ?? "");
        if (demonstrations.Count > 0 && !HasPlaceholder(_template, PromptPlaceholders.Examples))
            user = examplesBlock + user;
        if (!string.IsNullOrEmpty(context) && !HasPlaceholder(_template, PromptPlaceholders.Context))
            user = "Use the context below to answer.\n\nContext:\n" + context + "\n\n" + user;
        if (_arm.Prompt.ChainOfThought)
            user = user.TrimEnd() + "\n\n" + ChainOfThoughtInstruction;

        var options = new ChatOptions { Temperature = (float)_arm.Temperature, MaxOutputTokens = _arm.MaxTokens, ResponseFormat = _format };
        if (_allowed is not null)
            options.WithAllowedOutputs(_allowed);
        var demonstrationIds = demonstrations.Select(d => d.Id).ToArray();
        if (_arm.Prompt.Raw)
        {
            // Completion mode: one text to continue, the system text first, with no chat template around it.
            var raw = _arm.Prompt.System is { } rawSystem ? Fill(rawSystem, example, examplesBlock, context ?? "") + "\n\n" + user : user;
            return new RenderedPrompt([new ChatMessage(ChatRole.User, raw)], options.WithRawCompletion(), raw, demonstrationIds);
        }

        var messages = new List<ChatMessage>(2);
        var text = new StringBuilder();
        if (_arm.Prompt.System is { } system)
        {
            var renderedSystem = Fill(system, example, examplesBlock, context ?? "");
            messages.Add(new ChatMessage(ChatRole.System, renderedSystem));
            text.Append("[system]\n").Append(renderedSystem).Append("\n[user]\n");
        }
        messages.Add(new ChatMessage(ChatRole.User, user));
        text.Append(user);
        return new RenderedPrompt(messages, options, text.ToString(), demonstrationIds);
    }

    private string FormatDemonstrations(IReadOnlyList<Example> demonstrations)
    {
        if (demonstrations.Count == 0)
            return "";
        var block = new StringBuilder("Examples:\n\n");
        foreach (var demo in demonstrations)
        {
            block.Append("Input: ").Append(_selector.InputText(demo)).Append('\n');
            block.Append(AnswerExtractor.AnswerPrefix).Append(' ')
                .Append(demo.Fields.TryGetValue(_task.Expected, out var expected) ? expected : "").Append("\n\n");
        }
        return block.ToString();
    }

    private string Fill(string template, Example example, string examplesBlock, string context) =>
        Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value.Trim();
            if (name == PromptPlaceholders.Labels)
                return _labels;
            if (name == PromptPlaceholders.Examples)
                return examplesBlock;
            if (name == PromptPlaceholders.Context)
                return context;
            return example.Fields.TryGetValue(name, out var value)
                ? value
                : throw new UserInputException($"{example.Source}: arm '{_arm.Name}' template uses {{{{{name}}}}}, but example '{example.Id}' has no field '{name}'.");
        });

    private static bool HasPlaceholder(string template, string name) =>
        Placeholder().Matches(template).Any(m => m.Groups["name"].Value.Trim() == name);

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}]+?)\s*\}\}")]
    private static partial Regex Placeholder();

    public void Dispose() => _selector.Dispose();
}
