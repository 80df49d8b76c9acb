using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests;

internal static class TinyModels
{
    public static LlamaConfig Config(bool tied = false, RopeScaling? scaling = null, int vocab = 300) => new()
    {
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        VocabSize = vocab,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        RopeScaling = scaling,
        MaxPositionEmbeddings = 128,
        TieWordEmbeddings = tied,
        BosTokenId = 1,
        EosTokenIds = [2],
    };

    public static LlamaModel Create(int seed = 7, bool tied = false, RopeScaling? scaling = null, int vocab = 300)
    {
        manual_seed(seed);
        var model = new LlamaModel(Config(tied, scaling, vocab));
        model.eval();
        return model;
    }
}
