using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tunewise.Lab.Tokenization;

/// <summary>A <c>tokenizer.json</c> normalizer: rewrites each stretch of text between added tokens before it is split.</summary>
internal abstract class TextNormalizer
{
    private static readonly string[] Supported = ["NFC", "NFD", "NFKC", "NFKD", "Lowercase", "Prepend", "Replace", "Strip", "Sequence"];

    public abstract string Normalize(string text);

    public static TextNormalizer? Read(JsonNode? node, string jsonPath, TokenizerJson json)
    {
        if (node is null) return null;
        string? kind = json.Kind(node, jsonPath);
        return kind switch
        {
            "NFC" => new Unicode(NormalizationForm.FormC),
            "NFD" => new Unicode(NormalizationForm.FormD),
            "NFKC" => new Unicode(NormalizationForm.FormKC),
            "NFKD" => new Unicode(NormalizationForm.FormKD),
            "Lowercase" => new Lowercase(),
            "Prepend" => new Prepend(json.RequiredString(node, "prepend", jsonPath)),
            "Replace" => new Replace(json.Pattern(node, jsonPath), json.RequiredString(node, "content", jsonPath)),
            "Strip" => new Strip(json.Bool(node, "strip_left", jsonPath, true), json.Bool(node, "strip_right", jsonPath, true)),
            "Sequence" => new Sequence(json.Array(node, "normalizers", jsonPath)
                .Select((step, i) => Read(step, $"{jsonPath}.normalizers[{i}]", json)
                    ?? throw json.Error($"{jsonPath}.normalizers[{i}]", "a step of a sequence cannot be null."))
                .ToArray()),
            _ => throw json.UnsupportedKind(jsonPath, kind, "normalizer", Supported),
        };
    }

    private sealed class Unicode(NormalizationForm form) : TextNormalizer
    {
        public override string Normalize(string text) => text.Normalize(form);
    }

    private sealed class Lowercase : TextNormalizer
    {
        public override string Normalize(string text) => text.ToLowerInvariant();
    }

    private sealed class Prepend(string prefix) : TextNormalizer
    {
        // As in Hugging Face tokenizers, empty text stays empty.
        public override string Normalize(string text) => text.Length == 0 ? text : prefix + text;
    }

    private sealed class Replace(Regex pattern, string content) : TextNormalizer
    {
        public override string Normalize(string text) => pattern.Replace(text, content.Replace("$", "$$"));
    }

    private sealed class Strip(bool left, bool right) : TextNormalizer
    {
        public override string Normalize(string text) => (left, right) switch
        {
            (true, true) => text.Trim(),
            (true, false) => text.TrimStart(),
            (false, true) => text.TrimEnd(),
            _ => text,
        };
    }

    private sealed class Sequence(TextNormalizer[] steps) : TextNormalizer
    {
        public override string Normalize(string text) => steps.Aggregate(text, (current, step) => step.Normalize(current));
    }
}
