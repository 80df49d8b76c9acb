using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Lab.Pretraining;

/// <summary>
/// What a pretrained model's <c>recipe.json</c> (<see cref="Pretrainer.RecipeFile"/>, written by <see cref="Pretrainer"/>) records,
/// read in one place: the sequence length it was trained on, the lab world it was trained on, and its general-skills smoke score.
/// A field that is absent reads as null; a file that is not JSON, or a field of the wrong type, is refused naming the file and field.
/// </summary>
public sealed record PretrainRecord(string Path, int? SequenceLength, int? WorldVersion, (int Correct, int Total)? SmokeScore)
{
    /// <summary>The record beside a model; null when the model has no <c>recipe.json</c>.</summary>
    public static PretrainRecord? Find(string modelDirectory)
    {
        var path = System.IO.Path.Combine(modelDirectory, Pretrainer.RecipeFile);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>As <see cref="Find"/>, refusing a model without one, naming the file and why it is needed.</summary>
    public static PretrainRecord Require(string modelDirectory, string why)
    {
        return Find(modelDirectory)
            ?? throw new UserInputException($"'{System.IO.Path.Combine(modelDirectory, Pretrainer.RecipeFile)}' does not exist: {why}.");
    }

    public static PretrainRecord Read(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
        int? Int(string field, JsonNode? node)
        {
            if (node is null) return null;
            return node is JsonValue value && value.TryGetValue<int>(out var number)
                ? number
                : throw new UserInputException($"'{path}': field '{field}' is {node.ToJsonString()}; expected a whole number.");
        }
        var smoke = root?["general_skills_smoke"];
        var correct = Int("general_skills_smoke.correct", smoke?["correct"]);
        var total = Int("general_skills_smoke.total", smoke?["total"]);
        return new PretrainRecord(path,
            Int("recipe.sequence_length", root?["recipe"]?["sequence_length"]) is > 0 and var length ? length : null,
            Int("world.version", root?["world"]?["version"]),
            correct is { } c && total is { } t ? (c, t) : null);
    }
}
