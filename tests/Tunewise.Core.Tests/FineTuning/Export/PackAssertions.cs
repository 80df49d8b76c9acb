using System.Text.Json;
using Tunewise.Data;
using Tunewise.FineTuning.Export;
using YamlDotNet.Serialization;

namespace Tunewise.Core.Tests.FineTuning.Export;

/// <summary>Sample data and checks that every pack's files are what a training stack will read.</summary>
internal static class PackAssertions
{
    public static readonly ChatFields Fields = new("text", "label", SystemPrompt: "Classify the support ticket.");

    public static IReadOnlyList<Example> Examples(string prefix, int count) =>
        Enumerable.Range(1, count)
            .Select(i => new Example(
                $"{prefix}-{i}",
                new Dictionary<string, string> { ["text"] = $"Ticket {i}: my card was charged twice — «ünïcode»", ["label"] = i % 2 == 0 ? "billing" : "refund" },
                new SourceLocation($"{prefix}.jsonl", i)))
            .ToList();

    public static Dictionary<string, object> ReadYaml(string path) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(path));

    public static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    public static List<object> List(object node) => Assert.IsType<List<object>>(node);

    /// <summary>Every line parses and is system, user, assistant with the example's text.</summary>
    public static void AssertChatJsonl(string path, int expectedLines)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(expectedLines, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var messages = json.RootElement.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(["system", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
            Assert.Equal("Classify the support ticket.", messages[0].GetProperty("content").GetString());
            Assert.StartsWith("Ticket ", messages[1].GetProperty("content").GetString());
            Assert.Contains(messages[2].GetProperty("content").GetString(), new[] { "billing", "refund" });
        }

        Assert.Contains("«ünïcode»", File.ReadAllText(path));
    }

    public static void AssertFilesExist(ExportResult result)
    {
        Assert.NotEmpty(result.Files);
        foreach (var file in result.Files)
        {
            Assert.True(File.Exists(Path.Combine(result.Directory, file)), $"{file} is listed but missing");
        }
    }

    /// <summary>A config's data path must name a file the pack ships.</summary>
    public static void AssertShipped(ExportResult result, object? path)
    {
        var relative = Assert.IsType<string>(path);
        Assert.Contains(relative, result.Files);
        Assert.True(File.Exists(Path.Combine(result.Directory, relative)));
    }
}
