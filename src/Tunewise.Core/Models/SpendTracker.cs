namespace Tunewise.Models;

/// <summary>
/// Dollars spent against an optional budget, shared by every model in a study. Calls reserve their
/// worst case before sending and settle to the actual cost afterwards, so concurrent calls cannot
/// jointly overshoot the budget.
/// </summary>
public sealed class SpendTracker
{
    private readonly Lock _gate = new();
    private decimal _spent;
    private decimal _reserved;
    private int _skipped;
    private int _unpriced;

    public SpendTracker(decimal? budgetUsd = null)
    {
        if (budgetUsd is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(budgetUsd), "a budget cannot be negative");
        }

        BudgetUsd = budgetUsd;
    }

    public decimal? BudgetUsd { get; }

    public decimal SpentUsd { get { lock (_gate) { return _spent; } } }

    public decimal ReservedUsd { get { lock (_gate) { return _reserved; } } }

    /// <summary>Calls refused because their worst case could have passed the budget.</summary>
    public int SkippedCalls { get { lock (_gate) { return _skipped; } } }

    /// <summary>Calls made to models without a known price; their cost is not in <see cref="SpentUsd"/>.</summary>
    public int UnpricedCalls { get { lock (_gate) { return _unpriced; } } }

    /// <summary>Reserves <paramref name="worstCaseUsd"/>; false (and counted as skipped) when it could pass the budget.</summary>
    public bool TryReserve(decimal worstCaseUsd)
    {
        lock (_gate)
        {
            if (BudgetUsd is { } budget && _spent + _reserved + worstCaseUsd > budget)
            {
                _skipped++;
                return false;
            }

            _reserved += worstCaseUsd;
            return true;
        }
    }

    /// <summary>Turns a reservation into spend; <paramref name="actualUsd"/> null means the call was not paid for (it failed).</summary>
    public void Settle(decimal reservedUsd, decimal? actualUsd)
    {
        lock (_gate)
        {
            _reserved -= reservedUsd;
            _spent += actualUsd ?? 0m;
        }
    }

    public void RecordUnpriced()
    {
        lock (_gate)
        {
            _unpriced++;
        }
    }
}
