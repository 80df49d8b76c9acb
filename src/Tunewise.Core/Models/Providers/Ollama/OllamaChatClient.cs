using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OllamaSharp;
using Tunewise.Models.Providers.Http;

namespace Tunewise.Models.Providers.Ollama;

/// <summary>
/// OllamaSharp's <see cref="IChatClient"/> (native <c>/api/chat</c>), which already maps temperature,
/// top_p, top_k, seed, stop, <c>num_predict</c> and the JSON format, and reports usage from
/// <c>prompt_eval_count</c>/<c>eval_count</c>. This adds one exception type for HTTP errors and
/// reports what the provider supports.
/// </summary>
internal sealed class OllamaChatClient : DelegatingChatClient
{
    private static readonly ChatProviderFeatures Features = new(JsonModeSupport.Native, JsonModeSupport.Native, Seed: true,
        "JSON formats are sent as Ollama's 'format' (\"json\" or the schema), which constrains decoding.");

    private readonly OllamaApiClient _client;
    private readonly HttpClient? _ownedHttpClient;

    public OllamaChatClient(OllamaApiClient client, HttpClient? ownedHttpClient = null)
        : base(client)
    {
        _client = client;
        _ownedHttpClient = ownedHttpClient;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedHttpClient?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (options.IsRawCompletion())
            throw new NotSupportedException("the ollama provider sends chat requests; for completion mode (raw: true) use provider openai-compatible with base_url http://HOST:11434/v1, whose /v1/completions Ollama serves");
        // Never answer unconstrained when the caller asked for a restricted output.
        if (options.GetAllowedOutputs() is not null)
            throw new NotSupportedException("Ollama cannot restrict its answer to a list of outputs (constrain: labels); use a lab, gguf, openai or openai-compatible model");
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (exception is not ProviderHttpException && exception.StatusCode is not null)
        {
            throw Translate(exception);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (HttpRequestException exception) when (exception is not ProviderHttpException && exception.StatusCode is not null)
                {
                    throw Translate(exception);
                }

                yield return update;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(ChatProviderFeatures))
        {
            return Features;
        }

        return serviceKey is null && serviceType.IsInstanceOfType(_client) ? _client : base.GetService(serviceType, serviceKey);
    }

    // Reached only when the caller's own HTTP client bypassed the error handler: status, no body or Retry-After.
    private static ProviderHttpException Translate(HttpRequestException exception) =>
        new(OllamaProvider.Name, exception.StatusCode!.Value, $"{OllamaProvider.Name} returned HTTP {(int)exception.StatusCode!.Value}");
}
