using Tunewise.Data;

namespace Tunewise.FineTuning.Export;

/// <summary>
/// What to export: training (and optional dev) examples, how they map to chat turns, and the run.
/// <see cref="FrozenTestIds"/> are the ids of the frozen test split; exporting any of them is refused.
/// </summary>
public sealed record ExportRequest(
    IReadOnlyList<Example> Train,
    IReadOnlyList<Example>? Dev,
    ChatFields Fields,
    ExportPlan Plan,
    IReadOnlySet<string>? FrozenTestIds = null);
