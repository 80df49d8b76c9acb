using Tunewise.Statistics;
using Tunewise.Storage;

namespace Tunewise.Evaluation.Running;

public sealed record RunnerOptions
{
    public const int DefaultConcurrency = 8;

    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Stop an arm when this many calls have failed before any succeeded.</summary>
    public int FailFastAfter { get; init; } = 10;

    public BootstrapOptions? Bootstrap { get; init; }

    /// <summary>How in-process models (lab, GGUF) are priced: measured compute seconds × this machine price.</summary>
    public Tunewise.Studies.LocalCompute LocalCompute { get; init; } = Tunewise.Studies.LocalCompute.Default;

    /// <summary>Trains fine-tuning arms; without one they are reported as not run.</summary>
    public Tunewise.FineTuning.Running.IFineTuneBackend? FineTuning { get; init; }

    /// <summary>Trains baseline arms' classifiers; without one a baseline arm stops the run with a clear error.</summary>
    public Tunewise.Arms.Baselines.IBaselineTrainer? Baselines { get; init; }

    /// <summary>Called after each result is stored (tests use it to stop a run part-way).</summary>
    public Action<ExampleResult>? OnResult { get; init; }
}
