using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// A <c>tokenizer.json</c> decoder: turns the token strings of a sequence back into text, one step of
/// a chain at a time (e.g. SentencePiece's Replace("▁"→" "), ByteFallback, Fuse, Strip).
/// </summary>
internal abstract class TokenDecoder
{
    private static readonly string[] Supported = ["ByteLevel", "Metaspace", "Replace", "ByteFallback", "Fuse", "Strip", "Sequence"];

    public abstract List<string> DecodeChain(List<string> tokens);

    public string Decode(List<string> tokens) => string.Concat(DecodeChain(tokens));

    /// <summary>The decoder of <paramref name="node"/>; with none, byte-level when the pre-tokenizer is, else tokens joined by spaces.</summary>
    public static TokenDecoder Read(JsonNode? node, string jsonPath, TokenizerJson json, bool byteLevelPreTokenizer)
    {
        if (node is null) return byteLevelPreTokenizer ? new ByteLevel() : new JoinWithSpaces();
        string? kind = json.Kind(node, jsonPath);
        return kind switch
        {
            "ByteLevel" => new ByteLevel(),
            "Metaspace" => new Metaspace(json.Character(node, "replacement", jsonPath, "▁"), PreTokenizer.ReadPrependScheme(node, jsonPath, json) != "never"),
            "Replace" => new Replace(json.Pattern(node, jsonPath), json.RequiredString(node, "content", jsonPath)),
            "ByteFallback" => new ByteFallback(),
            "Fuse" => new Fuse(),
            "Strip" => new Strip(json.Character(node, "content", jsonPath, " "), json.Int(node, "start", jsonPath, 0), json.Int(node, "stop", jsonPath, 0)),
            "Sequence" => new Sequence(json.Array(node, "decoders", jsonPath)
                .Select((step, i) => step is null ? throw json.Error($"{jsonPath}.decoders[{i}]", "a step of a sequence cannot be null.")
                    : Read(step, $"{jsonPath}.decoders[{i}]", json, byteLevelPreTokenizer))
                .ToArray()),
            _ => throw json.UnsupportedKind(jsonPath, kind, "decoder", Supported),
        };
    }

    private sealed class JoinWithSpaces : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens) => [string.Join(" ", tokens)];
    }

    private sealed class ByteLevel : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens)
        {
            var bytes = new List<byte>();
            foreach (var token in tokens) ByteLevelAlphabet.AppendBytes(token, bytes);
            return [Encoding.UTF8.GetString([.. bytes])];
        }
    }

    private sealed class Metaspace(string replacement, bool stripFirstSpace) : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens) => tokens.Select((token, i) =>
        {
            string text = token.Replace(replacement, " ");
            return i == 0 && stripFirstSpace && text.StartsWith(' ') ? text[1..] : text;
        }).ToList();
    }

    private sealed class Replace(Regex pattern, string content) : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Replace(t, content.Replace("$", "$$"))).ToList();
    }

    private sealed class ByteFallback : TokenDecoder
    {
        private static readonly UTF8Encoding Strict = new(false, true);

        public override List<string> DecodeChain(List<string> tokens)
        {
            var result = new List<string>(tokens.Count);
            var pending = new List<byte>();
            foreach (var token in tokens)
            {
                if (token is ['<', '0', 'x', _, _, '>'] && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    pending.Add(b);
                    continue;
                }
                Flush();
                result.Add(token);
            }
            Flush();
            return result;

            void Flush()
            {
                if (pending.Count == 0) return;
                try
                {
                    result.Add(Strict.GetString([.. pending]));
                }
                catch (DecoderFallbackException)
                {
                    // Hugging Face gives one replacement character per byte of an invalid run.
                    result.AddRange(Enumerable.Repeat("\uFFFD", pending.Count));
                }
                pending.Clear();
            }
        }
    }

    private sealed class Fuse : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
    }

    private sealed class Strip(string content, int start, int stop) : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens) => tokens.Select(token =>
        {
            int from = 0, to = token.Length;
            for (int i = 0; i < start && from < to && token.AsSpan(from).StartsWith(content); i++) from += content.Length;
            for (int i = 0; i < stop && to - content.Length >= from && token.AsSpan(from, to - from).EndsWith(content); i++) to -= content.Length;
            return token[from..to];
        }).ToList();
    }

    private sealed class Sequence(TokenDecoder[] steps) : TokenDecoder
    {
        public override List<string> DecodeChain(List<string> tokens) => steps.Aggregate(tokens, (current, step) => step.DecodeChain(current));
    }
}
