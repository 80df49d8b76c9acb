using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// A checkpoint's tokenizer: byte-level BPE from <c>tokenizer.json</c>, special tokens and the chat
/// template from <c>tokenizer_config.json</c>.
/// </summary>
public sealed class LabTokenizer
{
    private LabTokenizer(ByteLevelBpeTokenizer bpe, ChatTemplate? template, string? bosToken, string? eosToken, bool addBosToken)
    {
        Bpe = bpe;
        ChatTemplate = template;
        BosToken = bosToken;
        EosToken = eosToken;
        AddBosToken = addBosToken;
        BosId = bosToken is null ? null : bpe.TokenToId(bosToken);
        EosId = eosToken is null ? null : bpe.TokenToId(eosToken);
    }

    public ByteLevelBpeTokenizer Bpe { get; }

    /// <summary>The checkpoint's chat template, or null when it has none (a plain format is used then).</summary>
    public ChatTemplate? ChatTemplate { get; }

    public string? BosToken { get; }

    public string? EosToken { get; }

    public int? BosId { get; }

    public int? EosId { get; }

    /// <summary>Whether encoding with special tokens puts BOS first (tokenizer_config's add_bos_token).</summary>
    public bool AddBosToken { get; }

    public int VocabSize => Bpe.VocabSize;

    public static LabTokenizer Load(string directory)
    {
        var bpe = ByteLevelBpeTokenizer.Load(Path.Combine(directory, LlamaCheckpoint.TokenizerFile));
        string configPath = Path.Combine(directory, LlamaCheckpoint.TokenizerConfigFile);
        if (!File.Exists(configPath)) return new LabTokenizer(bpe, null, null, null, false);
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
        return new LabTokenizer(bpe, template, TokenText(config["bos_token"]), TokenText(config["eos_token"]),
            config["add_bos_token"]?.GetValue<bool>() ?? false);
    }

    /// <summary>Token ids; with <paramref name="addSpecialTokens"/>, BOS is prepended when the tokenizer asks for it.</summary>
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        var ids = Bpe.Encode(text);
        return addSpecialTokens && AddBosToken && BosId is { } bos ? [bos, .. ids] : ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) => Bpe.Decode(ids, skipSpecialTokens);

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

    private static string? TokenText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValue<string>(),
        JsonObject o => o["content"]?.GetValue<string>(),
        _ => null,
    };
}
