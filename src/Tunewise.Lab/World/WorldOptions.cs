namespace Tunewise.Lab.World;

public sealed record WorldOptions
{
    public ulong Seed { get; init; } = 13;
    public int Version { get; init; } = 1;
    public long PretrainingCharacters { get; init; } = 20_000_000;
    public int BehaviourTrain { get; init; } = 2000;
    public int BehaviourDev { get; init; } = 200;
    public int BehaviourTest { get; init; } = 300;
    /// <summary>Size of the clean small set and the noisy large set (10×) for the quality-over-quantity experiment.</summary>
    public int NoisyCleanSize { get; init; } = 200;
    public double NoisyShare { get; init; } = 0.3;
    public int GeneralEvalPerFamily { get; init; } = 40;
    public int IclEvalPerFamily { get; init; } = 40;
    public int KnowledgeEntities { get; init; } = 120;
    /// <summary>ICL task families kept out of the pretraining corpus entirely.</summary>
    public IReadOnlyList<string> HeldOutIclFamilies { get; init; } = ["swap-halves", "vowel-count-label", "letter-shift"];

    public static WorldOptions For(WorldSize size, ulong seed = 13) => size switch
    {
        WorldSize.Tiny => new WorldOptions
        {
            Seed = seed, PretrainingCharacters = 200_000, BehaviourTrain = 100, BehaviourDev = 20, BehaviourTest = 30,
            NoisyCleanSize = 20, GeneralEvalPerFamily = 5, IclEvalPerFamily = 5, KnowledgeEntities = 20,
        },
        WorldSize.Study => new WorldOptions
        {
            Seed = seed, PretrainingCharacters = 0, BehaviourTrain = 300, BehaviourDev = 40, BehaviourTest = 100,
            NoisyCleanSize = 20, GeneralEvalPerFamily = 10, IclEvalPerFamily = 5, KnowledgeEntities = 25,
        },
        _ => new WorldOptions { Seed = seed },
    };
}
