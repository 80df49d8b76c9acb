using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Prompting;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Prompting;

public class PromptRendererTests
{
    private static readonly TaskSpec Task = new()
    {
        Kind = TaskKind.Classification,
        Input = ["text"],
        Expected = "label",
        Split = SplitSpec.Default,
    };

    private static Example Ex(string id, string text, string label) =>
        new(id, new Dictionary<string, string> { ["id"] = id, ["text"] = text, ["label"] = label }, new SourceLocation("data.csv", 1));

    [Fact]
    public void Test_examples_never_become_demonstrations_even_when_nearest()
    {
        var testExample = Ex("te1", "refund my broken espresso machine please", "refund");
        var query = Ex("te2", "refund my broken espresso machine today", "refund");
        var copyOfTest = Ex("tr-copy", "refund my broken espresso machine please", "refund");
        var pool = new List<Example>
        {
            testExample,
            copyOfTest,
            Ex("tr1", "what is the weather tomorrow", "weather"),
            Ex("tr2", "refund for my order", "refund"),
            Ex("tr3", "book a table for two", "booking"),
        };
        var guard = new TestSetGuard(FrozenTestSet.Create([testExample, query], contentFields: ["text"]));
        var arm = new ArmSpec { Name = "nearest", Model = "m", Prompt = new PromptSpec { Template = "{{text}}", FewShot = 2, Select = DemonstrationSelection.Nearest } };

        using var renderer = new PromptRenderer(arm, Task, pool, guard, ["booking", "refund", "weather"]);
        var prompt = renderer.Render(query);

        Assert.DoesNotContain("te1", prompt.DemonstrationIds);
        Assert.DoesNotContain("tr-copy", prompt.DemonstrationIds);
        Assert.Equal("tr2", prompt.DemonstrationIds[0]);
        Assert.DoesNotContain("espresso machine please", prompt.Text);
    }

    [Fact]
    public void A_template_without_system_sends_one_user_message_with_fields_and_labels_filled()
    {
        var arm = new ArmSpec { Name = "zero", Model = "m", Prompt = new PromptSpec { Template = "Labels: {{labels}}\nText: {{text}}", ResponseFormat = ResponseFormat.Json } };
        using var renderer = new PromptRenderer(arm, Task, [], null, ["a", "b"]);

        var prompt = renderer.Render(Ex("x", "hello", "a"));

        var message = Assert.Single(prompt.Messages);
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Equal("Labels: a, b\nText: hello", message.Text);
        Assert.Equal(message.Text, prompt.Text);
        Assert.IsType<ChatResponseFormatJson>(prompt.Options.ResponseFormat);
    }

    [Fact]
    public void Chain_of_thought_asks_for_a_final_answer_line_and_the_answer_is_extracted()
    {
        var arm = new ArmSpec { Name = "cot", Model = "m", Prompt = new PromptSpec { System = "Be careful.", ChainOfThought = true } };
        using var renderer = new PromptRenderer(arm, Task, [Ex("tr", "hi", "greet")], null, ["greet", "bye"]);

        var prompt = renderer.Render(Ex("x", "hello there", "greet"));

        Assert.Equal(2, prompt.Messages.Count);
        Assert.Contains("greet, bye", prompt.Messages[1].Text);
        Assert.Contains("hello there", prompt.Messages[1].Text);
        Assert.Contains("Answer:", prompt.Messages[1].Text);
        Assert.Equal("greet", AnswerExtractor.Extract("The user says hello.\nSo it is a greeting.\nAnswer: greet", chainOfThought: true));
        Assert.Equal("no answer line", AnswerExtractor.Extract("no answer line", chainOfThought: true));
    }

    [Fact]
    public void Shuffled_stratified_demonstrations_are_the_same_on_every_render()
    {
        var pool = Enumerable.Range(0, 9).Select(i => Ex($"tr{i}", $"text {i}", $"l{i % 3}")).ToList();
        var arm = new ArmSpec { Name = "strat", Model = "m", Prompt = new PromptSpec { Template = "{{text}}", FewShot = 3, Select = DemonstrationSelection.Stratified, Order = DemonstrationOrder.Shuffled } };
        using var renderer = new PromptRenderer(arm, Task, pool, null, ["l0", "l1", "l2"]);

        var first = renderer.Render(Ex("q", "query", "l0"));
        var second = renderer.Render(Ex("q", "query", "l0"));

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(3, first.DemonstrationIds.Select(id => pool.Single(e => e.Id == id)["label"]).Distinct().Count());
    }

    [Fact]
    public void Context_fills_its_placeholder_or_comes_before_the_input_in_the_default_template()
    {
        var example = Ex("te1", "where is my parcel", "shipping");
        var labels = new[] { "billing", "shipping" };
        var withPlaceholder = new ArmSpec { Name = "rag", Model = "m", Prompt = new PromptSpec { Template = "Facts: {{context}}\nQ: {{text}}" } };
        using (var renderer = new PromptRenderer(withPlaceholder, Task, [], null, labels))
            Assert.Equal("Facts: [1] (faq.md)\nparcels ship daily\nQ: where is my parcel", renderer.Render(example, "[1] (faq.md)\nparcels ship daily").Text);

        using var defaults = new PromptRenderer(new ArmSpec { Name = "rag", Model = "m" }, Task, [], null, labels);
        var text = defaults.Render(example, "[1] (faq.md)\nparcels ship daily").Text;
        Assert.True(text.IndexOf("parcels ship daily", StringComparison.Ordinal) < text.IndexOf("where is my parcel", StringComparison.Ordinal));
        Assert.DoesNotContain("Context:", defaults.Render(example).Text, StringComparison.Ordinal);
    }
}
