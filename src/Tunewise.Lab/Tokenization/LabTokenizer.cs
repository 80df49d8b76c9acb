using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// A checkpoint's tokenizer: <c>tokenizer.json</c> (any BPE tokenizer Hugging Face defines), with special
/// tokens and the chat template from <c>tokenizer_config.json</c>.
/// </summary>
public sealed class LabTokenizer
{
    // transformers rebuilds these tokenizers' post-processor from add_bos_token/add_eos_token, whatever tokenizer.json says.
    private static readonly HashSet<string> ConfigDecidesSpecialTokens =
        ["LlamaTokenizer", "LlamaTokenizerFast", "CodeLlamaTokenizer", "CodeLlamaTokenizerFast"];

    private readonly int[] _specialPrefix;
    private readonly int[] _specialSuffix;

    private LabTokenizer(HuggingFaceTokenizer tokenizer, ChatTemplate? template, string? bosToken, string? eosToken, int[] specialPrefix, int[] specialSuffix)
    {
        Tokenizer = tokenizer;
        ChatTemplate = template;
        BosToken = bosToken;
        EosToken = eosToken;
        BosId = bosToken is null ? null : tokenizer.TokenToId(bosToken);
        EosId = eosToken is null ? null : tokenizer.TokenToId(eosToken);
        _specialPrefix = specialPrefix;
        _specialSuffix = specialSuffix;
    }

    public HuggingFaceTokenizer Tokenizer { get; }

    /// <summary>The checkpoint's chat template, or null when it has none (a plain format is used then).</summary>
    public ChatTemplate? ChatTemplate { get; }

    public string? BosToken { get; }

    public string? EosToken { get; }

    public int? BosId { get; }

    public int? EosId { get; }

    /// <summary>Whether encoding with special tokens puts BOS first.</summary>
    public bool AddBosToken => BosId is { } bos && _specialPrefix is [var first, ..] && first == bos;

    public int VocabSize => Tokenizer.VocabSize;

    public static LabTokenizer Load(string directory)
    {
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(directory, LlamaCheckpoint.TokenizerFile));
        string configPath = Path.Combine(directory, LlamaCheckpoint.TokenizerConfigFile);
        if (!File.Exists(configPath))
            return new LabTokenizer(tokenizer, null, null, null, [.. tokenizer.SpecialPrefix], [.. tokenizer.SpecialSuffix]);
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(configPath)) as JsonObject ?? throw new UserInputException($"'{configPath}': expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{configPath}' is not valid JSON: {ex.Message}", ex);
        }
        string? templateSource = config["chat_template"] switch
        {
            null => null,
            JsonValue v => v.GetValue<string>(),
            JsonArray named => named.FirstOrDefault(t => t?["name"]?.GetValue<string>() == "default")?["template"]?.GetValue<string>()
                ?? named.FirstOrDefault()?["template"]?.GetValue<string>(),
            _ => throw new UserInputException($"'{configPath}': field 'chat_template' must be a string or a list of named templates."),
        };
        ChatTemplate? template;
        try
        {
            template = templateSource is null ? null : ChatTemplate.Parse(templateSource);
        }
        catch (ChatTemplateException ex)
        {
            throw new ChatTemplateException($"'{configPath}': {ex.Message}");
        }
        string? bos = TokenText(config["bos_token"]);
        string? eos = TokenText(config["eos_token"]);
        int? bosId = bos is null ? null : tokenizer.TokenToId(bos);
        int? eosId = eos is null ? null : tokenizer.TokenToId(eos);
        bool? addBos = Flag(config, "add_bos_token", configPath);
        bool? addEos = Flag(config, "add_eos_token", configPath);
        int[] prefix, suffix;
        if (config["tokenizer_class"] is JsonValue cls && cls.TryGetValue<string>(out var className) && ConfigDecidesSpecialTokens.Contains(className))
        {
            prefix = (addBos ?? true) && bosId is { } b ? [b] : [];
            suffix = (addEos ?? false) && eosId is { } e ? [e] : [];
        }
        else if (tokenizer.PostProcessorAddsTokens)
        {
            (prefix, suffix) = ([.. tokenizer.SpecialPrefix], [.. tokenizer.SpecialSuffix]);
        }
        else
        {
            // No post-processor: add_bos_token decides, as the slow tokenizers of transformers do.
            prefix = (addBos ?? false) && bosId is { } b ? [b] : [];
            suffix = (addEos ?? false) && eosId is { } e ? [e] : [];
        }
        return new LabTokenizer(tokenizer, template, bos, eos, prefix, suffix);
    }

    /// <summary>
    /// Token ids, as <c>tokenizer(text)</c> gives them in transformers when <paramref name="addSpecialTokens"/>
    /// is set (e.g. Llama 2's <c>&lt;s&gt;</c> first); without it, only the text's own tokens.
    /// </summary>
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        var ids = Tokenizer.Encode(text);
        return addSpecialTokens && _specialPrefix.Length + _specialSuffix.Length > 0 ? [.. _specialPrefix, .. ids, .. _specialSuffix] : ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) => Tokenizer.Decode(ids, skipSpecialTokens);

    /// <summary>
    /// The prompt text for a conversation: the chat template when there is one, otherwise a plain
    /// "role: content" transcript ending with "assistant:".
    /// </summary>
    public string FormatChat(IReadOnlyList<ChatMessageText> messages, bool addGenerationPrompt = true)
    {
        if (ChatTemplate is not null) return ChatTemplate.Render(messages, addGenerationPrompt, BosToken, EosToken);
        var text = string.Concat(messages.Select(m => $"{m.Role}: {m.Content}\n"));
        return addGenerationPrompt ? text + "assistant:" : text;
    }

    private static bool? Flag(JsonObject config, string field, string path) => config[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw new UserInputException($"'{path}': field '{field}' must be true or false, got {other.ToJsonString()}."),
    };

    private static string? TokenText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValue<string>(),
        JsonObject o => o["content"]?.GetValue<string>(),
        _ => null,
    };
}
