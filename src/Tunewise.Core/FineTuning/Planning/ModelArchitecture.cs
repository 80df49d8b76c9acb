namespace Tunewise.FineTuning.Planning;

/// <summary>
/// The shape of a dense decoder-only transformer, enough to count its parameters exactly and to
/// size its activations. Field names follow Hugging Face <c>config.json</c>.
/// </summary>
public sealed record ModelArchitecture
{
    public required string Name { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required int VocabSize { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public MlpKind Mlp { get; init; } = MlpKind.Gated;
    public NormKind Norm { get; init; } = NormKind.RmsNorm;

    /// <summary>Biases on the q, k and v projections (Qwen2).</summary>
    public bool AttentionBias { get; init; }

    /// <summary>Biases on every linear layer, output and MLP included (GPT-2/3).</summary>
    public bool LinearBias { get; init; }

    /// <summary>Learned absolute position embeddings; 0 for rotary models.</summary>
    public int LearnedPositions { get; init; }

    /// <summary>Where the description came from: "catalog" or a config.json path.</summary>
    public string Source { get; init; } = "catalog";

    public int QueryDim => NumAttentionHeads * HeadDim;
    public int KeyValueDim => NumKeyValueHeads * HeadDim;

    /// <summary>The (input, output) shape of one projection in a decoder layer.</summary>
    public (long In, long Out) Shape(LoraTarget matrix) => matrix switch
    {
        LoraTarget.Q => (HiddenSize, QueryDim),
        LoraTarget.K => (HiddenSize, KeyValueDim),
        LoraTarget.V => (HiddenSize, KeyValueDim),
        LoraTarget.O => (QueryDim, HiddenSize),
        LoraTarget.Gate => (HiddenSize, IntermediateSize),
        LoraTarget.Up => (HiddenSize, IntermediateSize),
        LoraTarget.Down => (IntermediateSize, HiddenSize),
        _ => throw new ArgumentOutOfRangeException(nameof(matrix), matrix, "Pass a single projection."),
    };

    /// <summary>The projections this architecture has: gate exists only in gated MLPs.</summary>
    public IReadOnlyList<LoraTarget> Projections => Mlp == MlpKind.Gated
        ? [LoraTarget.Q, LoraTarget.K, LoraTarget.V, LoraTarget.O, LoraTarget.Gate, LoraTarget.Up, LoraTarget.Down]
        : [LoraTarget.Q, LoraTarget.K, LoraTarget.V, LoraTarget.O, LoraTarget.Up, LoraTarget.Down];

    public ParameterCount CountParameters()
    {
        long h = HiddenSize;
        long embeddings = (long)VocabSize * h + (long)LearnedPositions * h;
        long lmHead = TieWordEmbeddings ? 0 : (long)VocabSize * h;

        long linearWeightsPerLayer = Projections.Sum(p => Shape(p).In * Shape(p).Out);
        long biasPerLayer = 0;
        if (LinearBias)
        {
            biasPerLayer = Projections.Sum(p => Shape(p).Out);
        }
        else if (AttentionBias)
        {
            biasPerLayer = QueryDim + 2L * KeyValueDim;
        }

        long normWidth = Norm == NormKind.LayerNorm ? 2 * h : h;
        long normsPerLayer = 2 * normWidth;

        long layers = NumHiddenLayers;
        return new ParameterCount(
            Embeddings: embeddings,
            LinearWeights: layers * linearWeightsPerLayer,
            Biases: layers * biasPerLayer,
            Norms: layers * normsPerLayer + normWidth,
            LmHead: lmHead);
    }
}
