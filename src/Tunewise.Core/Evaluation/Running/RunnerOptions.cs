using Tunewise.Statistics;
using Tunewise.Storage;

namespace Tunewise.Evaluation.Running;

public sealed record RunnerOptions
{
    public const int DefaultConcurrency = 8;

    public int Concurrency { get; init; } = DefaultConcurrency;

    public BootstrapOptions? Bootstrap { get; init; }

    /// <summary>Called after each result is stored (tests use it to stop a run part-way).</summary>
    public Action<ExampleResult>? OnResult { get; init; }
}
