namespace Tunewise.Studies;

/// <summary>The most the study may spend on paid calls and training, in US dollars.</summary>
public sealed record BudgetSpec(decimal Usd);
