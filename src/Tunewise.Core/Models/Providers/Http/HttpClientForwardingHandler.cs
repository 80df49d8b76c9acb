namespace Tunewise.Models.Providers.Http;

/// <summary>
/// Sends through a caller's shared <see cref="HttpClient"/> without changing it (its base address,
/// headers and handlers stay as they are), so a provider can still put its own handlers on top.
/// </summary>
internal sealed class HttpClientForwardingHandler(HttpClient shared) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // HttpClient refuses a message that another HttpClient already marked as sent, so send a copy;
        // the original is never sent, so its content can move over.
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return shared.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
