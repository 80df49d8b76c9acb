using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Models.Middleware;

public static class BudgetChatClientBuilderExtensions
{
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, SpendTracker spend, ModelPrice? price,
        int assumedMaxOutputTokens = 4096) =>
        builder.Use(inner => new BudgetChatClient(inner, spend, price, assumedMaxOutputTokens));
}
