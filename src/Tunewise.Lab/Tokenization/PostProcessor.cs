using System.Text.Json.Nodes;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// What a <c>tokenizer.json</c> post-processor adds around a single sequence when special tokens are
/// requested: e.g. Llama 2's TemplateProcessing puts <c>&lt;s&gt;</c> first.
/// </summary>
internal sealed record PostProcessor(int[] Prefix, int[] Suffix)
{
    private static readonly string[] Supported = ["TemplateProcessing", "ByteLevel", "BertProcessing", "RobertaProcessing", "Sequence"];

    public static readonly PostProcessor None = new([], []);

    public int[] Apply(List<int> ids) => Prefix.Length == 0 && Suffix.Length == 0 ? [.. ids] : [.. Prefix, .. ids, .. Suffix];

    public static PostProcessor Read(JsonNode? node, string jsonPath, TokenizerJson json)
    {
        if (node is null) return None;
        string? kind = json.Kind(node, jsonPath);
        switch (kind)
        {
            case "ByteLevel":
                // It only trims offsets; the ids are unchanged.
                return None;
            case "BertProcessing" or "RobertaProcessing":
                return new PostProcessor([TokenPairId(node, "cls", jsonPath, json)], [TokenPairId(node, "sep", jsonPath, json)]);
            case "TemplateProcessing":
                return ReadTemplate(node, jsonPath, json);
            case "Sequence":
                var steps = json.Array(node, "processors", jsonPath).Select((step, i) => Read(step, $"{jsonPath}.processors[{i}]", json)).ToList();
                return new PostProcessor([.. steps.SelectMany(s => s.Prefix)], [.. steps.AsEnumerable().Reverse().SelectMany(s => s.Suffix)]);
            default:
                throw json.UnsupportedKind(jsonPath, kind, "post_processor", Supported);
        }
    }

    private static PostProcessor ReadTemplate(JsonNode node, string jsonPath, TokenizerJson json)
    {
        var special = node["special_tokens"] as JsonObject ?? [];
        var prefix = new List<int>();
        var suffix = new List<int>();
        bool sawSequence = false;
        var single = json.Array(node, "single", jsonPath);
        for (int i = 0; i < single.Count; i++)
        {
            string at = $"{jsonPath}.single[{i}]";
            if (single[i]?["Sequence"] is not null)
            {
                if (sawSequence) throw json.Error(at, "the single template names the sequence twice.");
                sawSequence = true;
                continue;
            }
            var piece = single[i]?["SpecialToken"] ?? throw json.Error(at, "expected {\"SpecialToken\": …} or {\"Sequence\": …}.");
            string name = json.RequiredString(piece, "id", $"{at}.SpecialToken");
            var ids = special[name]?["ids"] as JsonArray
                ?? throw json.Error($"{jsonPath}.special_tokens", $"'{name}' is used by the template but has no ids here.");
            (sawSequence ? suffix : prefix).AddRange(ids.Select(id => id!.GetValue<int>()));
        }
        if (!sawSequence) throw json.Error($"{jsonPath}.single", "the template never places the sequence ($A).");
        return new PostProcessor([.. prefix], [.. suffix]);
    }

    private static int TokenPairId(JsonNode node, string field, string jsonPath, TokenizerJson json) =>
        node[field] is JsonArray { Count: 2 } pair && pair[1] is JsonValue v && v.TryGetValue<int>(out var id) ? id
            : throw json.Error($"{jsonPath}.{field}", "expected [token, id].");
}
