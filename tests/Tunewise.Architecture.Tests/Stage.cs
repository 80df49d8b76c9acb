namespace Tunewise.Architecture.Tests;

/// <summary>
/// The stages of Tunewise.Core in the order data and results move (docs: study and data → arms and models →
/// measurement → economics and decision → reports). A namespace may use its own stage and earlier ones, never a later one.
/// </summary>
internal enum Stage
{
    /// <summary>Shared by every stage: user errors, progress reporting, statistics.</summary>
    Foundation,

    StudyAndData,

    /// <summary>The run store: every stage that records results writes to it; it knows only studies and data.</summary>
    RunStore,

    ArmsAndModels,

    Measurement,

    EconomicsAndDecision,

    Reports,

    /// <summary>The study run: it sequences every stage, so it may use them all, and nothing in the core uses it.</summary>
    Orchestration,
}
