using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

public static class ResponseCacheChatClientBuilderExtensions
{
    /// <param name="modelIdentity">Reference, endpoint and weights/adapter hash of the model behind this client.</param>
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, SqliteResponseCache cache, string modelIdentity) =>
        builder.Use(inner => new ResponseCacheChatClient(inner, cache, modelIdentity));
}
