using Microsoft.Extensions.AI;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Models;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Tokenization;
using Tunewise.Models;

namespace Tunewise.Lab.Chat;

/// <summary>
/// A lab checkpoint's context window, read from its files without loading the weights: the sequence length it was trained
/// on (config.json <c>training_sequence_length</c>, else recipe.json <c>recipe.sequence_length</c>), falling back to
/// <c>max_position_embeddings</c> only when neither records it. Tokens are counted with the checkpoint's own tokenizer and
/// chat template, as <see cref="LabChatClient"/> and the trainer encode them.
/// </summary>
public sealed class LabContextWindow : IModelContextWindow
{
    private readonly LabTokenizer _tokenizer;

    private LabContextWindow(LabTokenizer tokenizer, int tokens, string source)
    {
        _tokenizer = tokenizer;
        Tokens = tokens;
        Source = source;
    }

    public int Tokens { get; }

    public string Source { get; }

    public string Counter => "the model's tokenizer";

    /// <summary>The window of <c>lab:NAME</c> or <c>lab:path</c>; a LoRA adapter directory has its base model's window.</summary>
    public static LabContextWindow Open(string reference, string baseDirectory)
    {
        var directory = LabModels.ResolveDirectory(reference, baseDirectory);
        var adapterConfig = Path.Combine(directory, Lora.PeftAdapterConfig.FileName);
        if (!File.Exists(Path.Combine(directory, LlamaCheckpoint.ConfigFile)) && File.Exists(adapterConfig))
        {
            var baseReference = Lora.PeftAdapterConfig.Load(adapterConfig).BaseModelNameOrPath;
            if (string.IsNullOrWhiteSpace(baseReference))
                throw new UserInputException($"'{adapterConfig}': field 'base_model_name_or_path' is empty, so the adapter's base model is unknown.");
            directory = LabModels.ResolveDirectory(baseReference, directory);
        }
        var configPath = Path.Combine(directory, LlamaCheckpoint.ConfigFile);
        var config = LlamaConfig.Load(configPath);
        var (tokens, source) = config.TrainingSequenceLength is { } trained
            ? (trained, $"{LlamaCheckpoint.ConfigFile} training_sequence_length")
            : PretrainRecord.Find(directory)?.SequenceLength is { } recipe
                ? (recipe, $"{Pretrainer.RecipeFile} recipe.sequence_length")
                : (config.MaxPositionEmbeddings, $"{LlamaCheckpoint.ConfigFile} max_position_embeddings (no training sequence length recorded)");
        return new LabContextWindow(LabTokenizer.Load(directory), tokens, source);
    }

    public int CountText(string text) => _tokenizer.Encode(text, addSpecialTokens: true).Length;

    public int Count(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var texts = messages.Select(m => new ChatMessageText(m.Role.Value, m.Text)).ToList();
        var training = texts.Count > 0 && texts[^1].Role == "assistant";
        var templated = _tokenizer.ChatTemplate is not null;
        // Same conventions as the chat client and the chat example encoder: a template writes its own BOS, and an
        // untemplated training sequence ends with EOS.
        var count = _tokenizer.Encode(_tokenizer.FormatChat(texts, addGenerationPrompt: !training), addSpecialTokens: !templated).Length;
        return training && !templated && _tokenizer.EosId is not null ? count + 1 : count;
    }
}
