namespace Tunewise.Economics;

/// <summary>A cost paid once, not per query: a fine-tuning run, a prompt-optimization run. Null amount = unknown.</summary>
public sealed record OneOffCost(string Description, double? Amount);
