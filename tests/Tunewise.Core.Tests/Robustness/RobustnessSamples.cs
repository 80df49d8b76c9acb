using Tunewise.Data;
using Tunewise.Robustness;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Robustness;

internal static class RobustnessSamples
{
    public static Example Example(string id, string text, string label) =>
        new(id, new Dictionary<string, string> { ["text"] = text, ["label"] = label }, new SourceLocation("data.csv", 2));

    public static readonly Example[] Demonstrations =
    [
        Example("d1", "I love this phone", "positive"),
        Example("d2", "The battery died after an hour", "negative"),
        Example("d3", "Fine, nothing special", "neutral"),
        Example("d4", "Best purchase this year", "positive"),
    ];

    public static RobustnessPrompt Prompt(int demonstrations = 4, string instruction = "Classify the sentiment of the review.") => new()
    {
        Arm = "few-shot",
        Kind = TaskKind.Classification,
        Instruction = instruction,
        Demonstrations = [.. Demonstrations.Take(demonstrations)],
        InputFields = ["text"],
        ExpectedField = "label",
    };

    public static readonly Example Query = Example("q1", "The screen scratches far too easily and support never answered my emails", "negative");

    public static List<Example> Examples(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Example($"e{i}", $"review number {i} about the product", i % 2 == 0 ? "positive" : "negative"))];
}
