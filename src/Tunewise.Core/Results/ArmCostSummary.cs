namespace Tunewise.Results;

/// <summary>An arm's costs in dollars; null where the price is unknown.</summary>
/// <param name="Source">Where the price comes from (the catalog, the study, or measured local compute).</param>
/// <param name="OneOffCost">Spend before the arm can serve (training, the prompt search); 0 for an arm with none.</param>
public sealed record ArmCostSummary(decimal? Cost, decimal? CostPerQuery, string? Source, decimal? OneOffCost);
