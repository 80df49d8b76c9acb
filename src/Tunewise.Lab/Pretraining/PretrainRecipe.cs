using Tunewise.Lab.Models;
using Tunewise.Lab.World;

namespace Tunewise.Lab.Pretraining;

/// <summary>
/// Everything that decides a built-in model: architecture, tokenizer size, data, schedule and seeds.
/// The same recipe on the same world gives the same weights. Recorded in <c>recipe.json</c> beside them.
/// </summary>
public sealed record PretrainRecipe
{
    public required string Name { get; init; }
    public required int HiddenSize { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int KeyValueHeads { get; init; }
    public required int IntermediateSize { get; init; }
    public int VocabSize { get; init; } = 1024;
    /// <summary>Tokens per packed training sequence.</summary>
    public int SequenceLength { get; init; } = 256;
    public int BatchSize { get; init; } = 16;
    public required int Steps { get; init; }
    public double LearningRate { get; init; } = 1e-3;
    public int WarmupSteps { get; init; } = 60;
    public double MinLearningRateRatio { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 0.01;
    public int Seed { get; init; } = 13;
    /// <summary>Which tokens carry the loss: every token of the packed corpus, or the assistant's answers only.</summary>
    public PretrainLoss LossOn { get; init; } = PretrainLoss.All;
    /// <summary>
    /// With the loss on the answers: the share of the other tokens (passages, demonstrations, messages) that carry it
    /// too, drawn with <see cref="Seed"/>. 0 puts the whole loss on the answers; 1 is the same as <see cref="PretrainLoss.All"/>.
    /// </summary>
    public double PromptLossShare { get; init; }
    public ulong WorldSeed { get; init; } = 13;
    public int WorldVersion { get; init; } = 1;

    /// <summary>
    /// The two built-in models' recipes for world v2, at 512-token sequences so that few-shot and retrieval prompts fit.
    /// tw-small is about 4× smaller than tw-base, for question 4 of a study. The shipped models are still <see cref="WorldV1"/>'s.
    /// </summary>
    public static IReadOnlyList<PretrainRecipe> BuiltIn { get; } =
    [
        new() { Name = "tw-base", HiddenSize = 256, Layers = 6, Heads = 8, KeyValueHeads = 4, IntermediateSize = 768, SequenceLength = 512, BatchSize = 8, Steps = 1800, LossOn = PretrainLoss.Answers, WorldVersion = 2 },
        new() { Name = "tw-small", HiddenSize = 128, Layers = 5, Heads = 4, KeyValueHeads = 2, IntermediateSize = 384, SequenceLength = 512, BatchSize = 8, Steps = 6000, LossOn = PretrainLoss.Answers, WorldVersion = 2 },
    ];

    /// <summary>The world-v1 recipes of the first built-in models, kept so that they stay reproducible.</summary>
    public static IReadOnlyList<PretrainRecipe> WorldV1 { get; } =
    [
        new() { Name = "tw-base", HiddenSize = 256, Layers = 6, Heads = 8, KeyValueHeads = 4, IntermediateSize = 768, Steps = 1500 },
        new() { Name = "tw-small", HiddenSize = 128, Layers = 5, Heads = 4, KeyValueHeads = 2, IntermediateSize = 384, Steps = 1500 },
    ];

    /// <summary>The built-in recipes that pretrain on world <paramref name="version"/>.</summary>
    public static IReadOnlyList<PretrainRecipe> BuiltInFor(int version) =>
        version == 1 ? WorldV1 : version == WorldOptions.Latest ? BuiltIn
            : throw new UserInputException($"There is no built-in recipe for lab world version {version}; known: {string.Join(", ", WorldOptions.Versions)}.");

    public static PretrainRecipe ForName(string name, int worldVersion = WorldOptions.Shipped) =>
        BuiltInFor(worldVersion).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal))
        ?? throw new UserInputException($"No built-in recipe named '{name}'. Known: {string.Join(", ", BuiltIn.Select(r => r.Name))}.");

    /// <summary>The special tokens of the lab tokenizer: the world's chat markers and padding.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = [.. ChatMarkers.All, Pad];

    public const string Pad = "<|pad|>";

    /// <summary>The chat template: the same turn format the pretraining corpus uses (<see cref="ChatMarkers.Turn"/>).</summary>
    public const string ChatTemplate =
        "{% for message in messages %}{% if message['role'] == 'assistant' %}{{ '<|assistant|>\\n' + message['content'] + '<|end|>\\n' }}" +
        "{% else %}{{ '<|user|>\\n' + message['content'] + '\\n' }}{% endif %}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    public LlamaConfig ModelConfig(int vocabSize, int eosId) => new()
    {
        HiddenSize = HiddenSize,
        IntermediateSize = IntermediateSize,
        NumHiddenLayers = Layers,
        NumAttentionHeads = Heads,
        NumKeyValueHeads = KeyValueHeads,
        VocabSize = vocabSize,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        MaxPositionEmbeddings = 1024,
        TrainingSequenceLength = SequenceLength,
        TieWordEmbeddings = true,
        BosTokenId = null,
        EosTokenIds = [eosId],
    };

    public void Validate()
    {
        if (HiddenSize % Heads != 0) throw new UserInputException($"Recipe {Name}: hidden size {HiddenSize} is not a multiple of {Heads} heads.");
        if (Heads % KeyValueHeads != 0) throw new UserInputException($"Recipe {Name}: {Heads} heads cannot be grouped over {KeyValueHeads} key/value heads.");
        if (Steps < 1) throw new UserInputException($"Recipe {Name}: steps must be at least 1.");
        if (SequenceLength < 8) throw new UserInputException($"Recipe {Name}: sequence length must be at least 8.");
        if (!(PromptLossShare is >= 0 and <= 1)) throw new UserInputException($"Recipe {Name}: prompt loss share {PromptLossShare} is not between 0 and 1.");
        if (PromptLossShare > 0 && LossOn != PretrainLoss.Answers) throw new UserInputException($"Recipe {Name}: a prompt loss share applies only with the loss on the answers.");
    }
}

/// <summary>Which tokens of the pretraining corpus carry the loss.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PretrainLoss>))]
public enum PretrainLoss
{
    /// <summary>Every token (a plain causal language model).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("all")]
    All,

    /// <summary>The assistant's answers only; the prompts are context.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("answers")]
    Answers,
}
