using System.Text.Json;
using Microsoft.Extensions.AI;
using Tunewise.Models;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// A general-capability suite for measuring forgetting on any model: the shipped one (100 items, 10 per family of the
/// lab world's general skills: copying, reversing, case, sorting, arithmetic, lookup, key=value ↔ JSON, passage questions)
/// or a user's JSONL with <c>input</c> and <c>expected</c>. Answers are greedy and scored by exact match after trimming.
/// </summary>
public sealed record GeneralSuite(string Name, IReadOnlyList<GeneralSuite.Item> Items)
{
    public sealed record Item(string Id, string Input, string Expected);

    public static GeneralSuite Shipped { get; } = LoadShipped();

    public static GeneralSuite Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"Forgetting suite '{path}' does not exist.");
        var items = new List<Item>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            items.Add(Parse(text, $"{path}:{line}", $"line-{line}"));
        }
        return items.Count > 0 ? new GeneralSuite(Path.GetFileName(path), items) : throw new UserInputException($"Forgetting suite '{path}' has no items.");
    }

    /// <summary>Per-item scores (1 or 0) of <paramref name="client"/> on the suite, in suite order.</summary>
    public async Task<IReadOnlyList<double>> ScoreAsync(IChatClient client, CancellationToken cancellationToken)
    {
        var scores = new double[Items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, Items.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                try
                {
                    var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Items[i].Input)],
                        new ChatOptions { Temperature = 0, MaxOutputTokens = 64 }.WithLatencyGroup("general skills"), token).ConfigureAwait(false);
                    scores[i] = string.Equals((response.Text ?? "").Trim(), Items[i].Expected.Trim(), StringComparison.Ordinal) ? 1 : 0;
                }
                catch (ModelCallException)
                {
                    scores[i] = 0;
                }
            }).ConfigureAwait(false);
        return scores;
    }

    private static GeneralSuite LoadShipped()
    {
        using var stream = typeof(GeneralSuite).Assembly.GetManifestResourceStream("Tunewise.FineTuning.general-skills.jsonl")
            ?? throw new InvalidOperationException("The shipped general-skills suite is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var items = new List<Item>();
        while (reader.ReadLine() is { } text)
        {
            if (!string.IsNullOrWhiteSpace(text)) items.Add(Parse(text, "general-skills.jsonl", $"item-{items.Count}"));
        }
        return new GeneralSuite("shipped general skills (100 items)", items);
    }

    private static Item Parse(string text, string where, string fallbackId)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            string Field(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                : throw new UserInputException($"{where}: field '{name}' is missing or not a string.");
            var id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : fallbackId;
            return new Item(id, Field("input"), Field("expected"));
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{where}: not valid JSON: {ex.Message}", ex);
        }
    }
}
