using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Refuses a call whose worst case (estimated input plus the maximum output, at list price) could
/// take total spend past the budget; the refusal is a <see cref="ModelCallErrorKind.BudgetExceeded"/>
/// error, recorded like any other. Sits below cache and retries, so cache hits are free and each
/// attempt reserves and settles on its own. Models without a price cannot be bounded: they run and
/// are counted as unpriced.
/// </summary>
public sealed class BudgetChatClient : DelegatingChatClient
{
    private readonly SpendTracker _spend;
    private readonly ModelPrice? _price;
    private readonly int _assumedMaxOutputTokens;

    public BudgetChatClient(IChatClient innerClient, SpendTracker spend, ModelPrice? price, int assumedMaxOutputTokens = 4096)
        : base(innerClient)
    {
        _spend = spend;
        _price = price;
        _assumedMaxOutputTokens = assumedMaxOutputTokens;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        if (_price is null)
        {
            _spend.RecordUnpriced();
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        // Without a budget nothing is refused, so the worst case is only worth estimating when there is one.
        var bounded = _spend.BudgetUsd is not null;
        var inputEstimate = bounded ? TokenEstimator.CountInput(list, options) : 0;
        var worstCase = bounded ? _price.CostOf(inputEstimate, 0, options?.MaxOutputTokens ?? _assumedMaxOutputTokens) : 0m;
        if (!_spend.TryReserve(worstCase))
        {
            throw new ModelCallException(ModelCallErrorKind.BudgetExceeded,
                $"refused: this call could cost up to ${worstCase:0.######}, which would pass the budget of ${_spend.BudgetUsd:0.##} " +
                $"(spent ${_spend.SpentUsd:0.######} so far).", attempts: 0);
        }

        decimal? actual = null;
        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            var input = response.Usage?.InputTokenCount ?? (bounded ? inputEstimate : TokenEstimator.CountInput(list, options));
            var output = response.Usage?.OutputTokenCount ?? TokenEstimator.CountOutput(response);
            actual = _price.CostOf(input, response.Usage?.CachedInputTokenCount ?? 0, output);
            return response;
        }
        finally
        {
            _spend.Settle(worstCase, actual);
        }
    }
}
