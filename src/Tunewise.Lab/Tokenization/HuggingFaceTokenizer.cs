using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c>, run as the tokenizers library runs it: added tokens are split
/// out first, each stretch of text between them is normalized, pre-tokenized and encoded by the BPE
/// model, and the post-processor adds its special tokens when asked. This covers byte-level BPE
/// (GPT-2, Llama 3, Qwen) and SentencePiece-style BPE with byte fallback (Llama 2, Mistral,
/// TinyLlama, Phi-3), in both the Prepend/Replace normalizer form and the Metaspace form.
/// </summary>
public sealed class HuggingFaceTokenizer
{
    private readonly BpeModel _model;
    private readonly TextNormalizer? _normalizer;
    private readonly PreTokenizer? _preTokenizer;
    private readonly TokenDecoder _decoder;
    private readonly PostProcessor _postProcessor;
    private readonly Dictionary<string, int> _addedTokens;
    private readonly HashSet<int> _specialIds;
    private readonly Regex? _rawAddedTokens;
    private readonly Regex? _normalizedAddedTokens;
    private readonly string?[] _idToToken;

    private HuggingFaceTokenizer(BpeModel model, TextNormalizer? normalizer, PreTokenizer? preTokenizer, TokenDecoder decoder,
        PostProcessor postProcessor, Dictionary<string, int> addedTokens, HashSet<int> specialIds, Regex? rawAddedTokens,
        Regex? normalizedAddedTokens, string?[] idToToken)
    {
        _model = model;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _postProcessor = postProcessor;
        _addedTokens = addedTokens;
        _specialIds = specialIds;
        _rawAddedTokens = rawAddedTokens;
        _normalizedAddedTokens = normalizedAddedTokens;
        _idToToken = idToToken;
    }

    /// <summary>Number of ids (base vocabulary plus added tokens).</summary>
    public int VocabSize => _idToToken.Length;

    public IReadOnlyCollection<int> SpecialTokenIds => _specialIds;

    /// <summary>The ids the post-processor puts before and after the text when special tokens are added.</summary>
    public IReadOnlyList<int> SpecialPrefix => _postProcessor.Prefix;

    public IReadOnlyList<int> SpecialSuffix => _postProcessor.Suffix;

    /// <summary>Whether the file has a post-processor that adds tokens (then it, not tokenizer_config, decides BOS).</summary>
    public bool PostProcessorAddsTokens => _postProcessor.Prefix.Length + _postProcessor.Suffix.Length > 0;

    /// <summary>Loads a <c>tokenizer.json</c>; an unsupported component names the file, its JSON path and the supported kinds.</summary>
    public static HuggingFaceTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"Tokenizer file '{path}' does not exist.");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UserInputException($"'{path}': expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }
        var json = new TokenizerJson(path);
        var model = BpeModel.Read(root["model"], json);
        var normalizer = TextNormalizer.Read(root["normalizer"], "normalizer", json);
        var preTokenizer = PreTokenizer.Read(root["pre_tokenizer"], "pre_tokenizer", json);
        var decoder = TokenDecoder.Read(root["decoder"], "decoder", json, preTokenizer?.IsByteLevel ?? false);
        var postProcessor = PostProcessor.Read(root["post_processor"], "post_processor", json);

        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var special = new HashSet<int>();
        var rawPatterns = new List<(string Content, string Pattern)>();
        var normalizedPatterns = new List<(string Content, string Pattern)>();
        var addedNodes = root["added_tokens"] as JsonArray ?? [];
        for (int i = 0; i < addedNodes.Count; i++)
        {
            string at = $"added_tokens[{i}]";
            var token = addedNodes[i] ?? throw json.Error(at, "expected an object.");
            string content = json.RequiredString(token, "content", at);
            if (content.Length == 0) throw json.Error($"{at}.content", "an added token cannot be empty.");
            int id = json.Int(token, "id", at, -1);
            if (id < 0) throw json.Error($"{at}.id", "expected a token id.");
            added[content] = id;
            bool isSpecial = json.Bool(token, "special", at, false);
            if (isSpecial) special.Add(id);
            string pattern = $"(?<token>{Regex.Escape(content)})";
            if (json.Bool(token, "single_word", at, false)) pattern = $@"(?<!\w){pattern}(?!\w)";
            if (json.Bool(token, "lstrip", at, false)) pattern = @"\s*" + pattern;
            if (json.Bool(token, "rstrip", at, false)) pattern += @"\s*";
            // Special tokens are matched in the text as written; others, unless marked otherwise, in the normalized text.
            (json.Bool(token, "normalized", at, !isSpecial) && normalizer is not null ? normalizedPatterns : rawPatterns).Add((content, pattern));
        }
        int size = Math.Max(model.Vocab.Count == 0 ? 0 : model.Vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Values.Max() + 1);
        var idToToken = new string?[size];
        foreach (var (token, id) in model.Vocab) idToToken[id] = token;
        foreach (var (token, id) in added) idToToken[id] = token;
        return new HuggingFaceTokenizer(model, normalizer, preTokenizer, decoder, postProcessor, added, special,
            Splitter(rawPatterns), Splitter(normalizedPatterns), idToToken);
    }

    public int? TokenToId(string token) =>
        _addedTokens.TryGetValue(token, out var id) || _model.Vocab.TryGetValue(token, out id) ? id : null;

    public string IdToToken(int id) => id >= 0 && id < _idToToken.Length && _idToToken[id] is { } t ? t
        : throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the vocabulary.");

    /// <summary>
    /// Token ids for <paramref name="text"/>, as <c>tokenizer.encode(text, add_special_tokens)</c> gives them:
    /// added-token strings in the text become their ids, and with <paramref name="addSpecialTokens"/>
    /// the post-processor's tokens (e.g. Llama 2's <c>&lt;s&gt;</c>) are added.
    /// </summary>
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        var ids = new List<int>();
        foreach (var (segment, start, addedId) in SplitOnAddedTokens(text, _rawAddedTokens))
        {
            if (addedId is { } id)
            {
                ids.Add(id);
                continue;
            }
            string normalized = _normalizer?.Normalize(segment) ?? segment;
            foreach (var (piece, pieceStart, pieceAddedId) in SplitOnAddedTokens(normalized, _normalizedAddedTokens))
            {
                if (pieceAddedId is { } pieceId)
                {
                    ids.Add(pieceId);
                    continue;
                }
                bool atStart = start == 0 && pieceStart == 0;
                if (_preTokenizer is null)
                {
                    _model.Encode(piece, ids);
                    continue;
                }
                foreach (var (word, _) in _preTokenizer.Split(piece, atStart)) _model.Encode(word, ids);
            }
        }
        return addSpecialTokens ? _postProcessor.Apply(ids) : [.. ids];
    }

    /// <summary>The text for <paramref name="ids"/>, through the file's decoder; invalid UTF-8 becomes U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>();
        foreach (int id in ids)
        {
            if (skipSpecialTokens && _specialIds.Contains(id)) continue;
            tokens.Add(IdToToken(id));
        }
        return _decoder.Decode(tokens);
    }

    private IEnumerable<(string Text, int Start, int? AddedId)> SplitOnAddedTokens(string text, Regex? splitter)
    {
        int start = 0;
        if (splitter is not null)
        {
            foreach (Match match in splitter.Matches(text))
            {
                if (match.Index > start) yield return (text[start..match.Index], start, null);
                yield return (match.Value, match.Index, _addedTokens[match.Groups["token"].Value]);
                start = match.Index + match.Length;
            }
        }
        if (start < text.Length) yield return (text[start..], start, null);
    }

    private static Regex? Splitter(List<(string Content, string Pattern)> tokens)
    {
        if (tokens.Count == 0) return null;
        // Longest first, so that a token which begins another never hides it.
        return new Regex(string.Join("|", tokens.OrderByDescending(t => t.Content.Length).Select(t => t.Pattern)), RegexOptions.Compiled);
    }
}
