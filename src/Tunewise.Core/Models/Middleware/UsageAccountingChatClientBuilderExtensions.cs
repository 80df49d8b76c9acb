using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Models.Middleware;

public static class UsageAccountingChatClientBuilderExtensions
{
    /// <summary>Records one <see cref="CallRecord"/> per call; <paramref name="price"/> null means cost unknown.</summary>
    public static ChatClientBuilder UseUsageAccounting(this ChatClientBuilder builder, string model, ModelPrice? price,
        Action<CallRecord>? onRecord = null) =>
        builder.Use(inner => new UsageAccountingChatClient(inner, model, price, onRecord));
}
