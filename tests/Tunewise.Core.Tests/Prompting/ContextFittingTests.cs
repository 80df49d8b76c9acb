using Tunewise.Data;
using Tunewise.Models;
using Tunewise.Prompting;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Prompting;

/// <summary>Prompts fitted to a window counted with the o200k tokenizer (the estimator used for hosted models).</summary>
public class ContextFittingTests
{
    private static readonly TaskSpec Task = new()
    {
        Kind = TaskKind.Classification,
        Input = ["text"],
        Expected = "label",
        Split = new SplitSpec(0.1, 0.2, 13, true),
    };

    private static readonly string[] Labels = ["billing", "refund", "login"];

    private static Example Row(string id, string text, string label = "billing") =>
        new(id, new Dictionary<string, string> { ["text"] = text, ["label"] = label }, new SourceLocation("data.jsonl", 1));

    private static readonly IReadOnlyList<Example> Pool = [.. Enumerable.Range(0, 8).Select(i => Row($"p{i}", $"my card was charged twice for order {i} and I want it back", Labels[i % 3]))];

    private static int Count(string text) => TokenEstimator.CountInput([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, text)]);

    [Fact]
    public void The_default_drops_the_fewest_demonstrations_that_make_a_prompt_fit()
    {
        var arm = new ArmSpec { Name = "few", Model = "m", Prompt = new PromptSpec { FewShot = 8 } };
        using var renderer = new PromptRenderer(arm, Task, Pool, null, Labels);
        var example = Row("t", "where is my refund");
        var demonstrations = renderer.SelectDemonstrations(example);
        var withFive = Count(renderer.Compose(example, [.. demonstrations.Take(5)]).Text);
        var withSix = Count(renderer.Compose(example, [.. demonstrations.Take(6)]).Text);
        var fitter = new ContextFitter(new CatalogContextWindow(withFive, "test"), arm, Task);

        var fitted = fitter.Fit(renderer, example);

        Assert.True(withSix > withFive);
        Assert.True(fitted.Fits);
        Assert.Equal(3, fitted.DroppedDemonstrations);
        Assert.Equal(withFive, fitted.Tokens);
        Assert.False(fitted.InputCut);
    }

    [Fact]
    public void When_even_the_bare_prompt_is_too_long_demonstrations_and_skip_give_up_and_input_keeps_the_start()
    {
        var example = Row("t", string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}")));
        var window = new CatalogContextWindow(120, "test");
        FittedPrompt Fit(TruncatePolicy policy)
        {
            var arm = new ArmSpec { Name = "a", Model = "m", Truncate = policy, Prompt = new PromptSpec { FewShot = 2 } };
            using var renderer = new PromptRenderer(arm, Task, Pool, null, Labels);
            return new ContextFitter(window, arm, Task).Fit(renderer, example);
        }

        var dropped = Fit(TruncatePolicy.Demonstrations);
        var skipped = Fit(TruncatePolicy.Skip);
        var strict = Fit(TruncatePolicy.Error);
        var cut = Fit(TruncatePolicy.Input);

        Assert.False(dropped.Fits);
        Assert.Equal(2, dropped.DroppedDemonstrations);
        Assert.False(skipped.Fits);
        Assert.False(strict.Fits);
        Assert.Equal(0, strict.DroppedDemonstrations);
        Assert.True(cut.Fits);
        Assert.True(cut.InputCut);
        Assert.InRange(cut.Tokens, 110, 120);
        Assert.Contains("Input: word0 word1 word2", cut.Prompt!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("word199", cut.Prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_arms_max_tokens_is_kept_free_for_the_answer()
    {
        var arm = new ArmSpec { Name = "a", Model = "m", MaxTokens = 30 };
        using var renderer = new PromptRenderer(arm, Task, [], null, Labels);
        var example = Row("t", "hello");
        var tokens = Count(renderer.Render(example).Text);

        Assert.False(new ContextFitter(new CatalogContextWindow(tokens + 29, "test"), arm, Task).Fit(renderer, example).Fits);
        Assert.True(new ContextFitter(new CatalogContextWindow(tokens + 30, "test"), arm, Task).Fit(renderer, example).Fits);
    }

    [Fact]
    public void Fine_tuning_arms_train_on_the_input_alone_and_an_explicit_template_still_wins()
    {
        var tune = new ArmSpec { Name = "lora", Model = "m", FineTune = new FineTuneSpec() };
        var prompting = new ArmSpec { Name = "zero", Model = "m" };
        var custom = tune with { Prompt = new PromptSpec { Template = "Message: {{text}}\nIntent:" } };
        Example[] train = [Row("a", "my card was charged twice", "billing")];

        var rows = TrainingPrompts.Render(Task, tune, train, Labels, new CatalogContextWindow(1000, "test"));
        using var promptingRenderer = new PromptRenderer(prompting, Task, [], null, Labels);
        var customRows = TrainingPrompts.Render(Task, custom, train, Labels, null);

        Assert.Equal("my card was charged twice", Assert.Single(rows).Prompt!.Text);
        Assert.Equal("billing", rows[0].Answer);
        Assert.True(rows[0].SequenceTokens > 0);
        Assert.Contains("billing, refund, login", promptingRenderer.Render(train[0]).Text, StringComparison.Ordinal);
        Assert.Equal("Message: my card was charged twice\nIntent:", Assert.Single(customRows).Prompt!.Text);
    }
}
