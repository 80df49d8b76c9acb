namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// What the realistic workload measured. Rates are FLOP/s from 2 FLOPs per weight per token forward
/// (<see cref="Models.LlamaModel.FlopsPerToken"/>) and 3× that for a training token (forward and backward, the 6·N rule);
/// attention scores are not counted, so the figures slightly understate the work done.
/// "Before" settings are one thread without length buckets (the engine's former defaults), measured in the same run.
/// </summary>
public sealed record WorkloadReport(
    string Model,
    long Parameters,
    int Cores,
    int MatmulSize,
    double MatmulGflopsOneThread,
    double MatmulGflopsAllCores,
    int TrainingExamples,
    double MeanPromptTokens,
    double TrainingTokensPerSecondBefore,
    double TrainingTokensPerSecond,
    double TrainingPaddingBefore,
    double TrainingPadding,
    double TrainingGflops,
    double LoraStepsPerMinute,
    double PrefillGflopsOneThread,
    double PrefillGflops,
    double FewShotSecondsP50,
    double FewShotBatchedSecondsPerQuery,
    double FewShotFinishedByEndOfTurn,
    IReadOnlyList<BenchmarkTarget> Targets);
