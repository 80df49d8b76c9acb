using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Tokenization;

namespace Tunewise.Lab.Pretraining;

/// <summary>
/// The general-skills suite (<c>general/eval.jsonl</c> of the lab world): greedy answers, exact match
/// after trimming, per family. It scores pretraining and measures forgetting after fine-tuning.
/// </summary>
public static class GeneralSkillsSuite
{
    public sealed record Item(string Id, string Family, string Input, string Expected);

    public static IReadOnlyList<Item> Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"General-skills suite '{path}' does not exist.");
        var items = new List<Item>();
        int line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(raw);
            }
            catch (JsonException ex)
            {
                throw new UserInputException($"{path}:{line}: not valid JSON: {ex.Message}", ex);
            }
            using var _ = doc;
            var root = doc.RootElement;
            string Field(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                : throw new UserInputException($"{path}:{line}: field '{name}' is missing or not a string.");
            items.Add(new Item(Field("id"), Field("family"), Field("input"), Field("expected")));
        }
        return items.Count > 0 ? items : throw new UserInputException($"General-skills suite '{path}' has no items.");
    }

    /// <summary>The first <paramref name="perFamily"/> items of each family, in file order.</summary>
    public static IReadOnlyList<Item> Subset(IReadOnlyList<Item> items, int perFamily) =>
        items.GroupBy(i => i.Family, StringComparer.Ordinal).SelectMany(g => g.Take(perFamily)).ToList();

    public static SkillScores Evaluate(TextGenerator generator, IReadOnlyList<Item> items, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        var tokenizer = generator.Tokenizer;
        var correct = new bool[items.Count];
        var options = new GenerationOptions { MaxNewTokens = 48, StopAtEos = true };
        for (int start = 0; start < items.Count; start += batchSize)
        {
            var batch = items.Skip(start).Take(batchSize).ToList();
            var prompts = batch.Select(i => (IReadOnlyList<int>)Prompt(tokenizer, i.Input)).ToList();
            var results = generator.GenerateBatch(prompts, options, cancellationToken);
            for (int k = 0; k < batch.Count; k++)
                correct[start + k] = string.Equals(results[k].Text.Trim(), batch[k].Expected.Trim(), StringComparison.Ordinal);
        }
        var families = items.Select((item, index) => (item.Family, Correct: correct[index]))
            .GroupBy(x => x.Family, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new FamilyScore(g.Count(x => x.Correct), g.Count()), StringComparer.Ordinal);
        return new SkillScores(correct.Count(c => c), items.Count, families) { PerItem = correct };
    }

    public static int[] Prompt(LabTokenizer tokenizer, string input)
    {
        var text = tokenizer.FormatChat([new ChatMessageText("user", input)]);
        return tokenizer.Encode(text, addSpecialTokens: tokenizer.ChatTemplate is null);
    }
}

public sealed record FamilyScore(int Correct, int Total)
{
    [JsonIgnore] public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

public sealed record SkillScores(int Correct, int Total, IReadOnlyDictionary<string, FamilyScore> Families)
{
    /// <summary>Whether each item, in suite order, was answered exactly.</summary>
    [JsonIgnore] public IReadOnlyList<bool> PerItem { get; init; } = [];

    [JsonIgnore] public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}
