using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.FakeOpenAI;

/// <summary>
/// An OpenAI-compatible server (<c>/v1/chat/completions</c>, <c>/v1/completions</c>, <c>/v1/models</c>) on 127.0.0.1 that
/// answers deterministically (<see cref="AnswerFor"/> of the last user message, with usage from
/// <see cref="UsageFor"/>) and injects faults per <see cref="FaultProfile"/>: 429 with Retry-After,
/// 500, 503, stalled replies, truncated JSON with status 200, and dropped connections. It counts
/// requests and completed answers per logical call (the last user message).
/// </summary>
public sealed class FaultyOpenAIServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly FaultProfile _profile;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private int _totalRequests;
    private int _textCompletionRequests;

    private FaultyOpenAIServer(FaultProfile profile)
    {
        _profile = profile;
        _server = LoopbackHttpServer.Start(HandleAsync);
    }

    public FaultProfile Profile => _profile;

    /// <summary>The base URL an OpenAI client uses, ending in <c>/v1</c>.</summary>
    public string ApiBase => new Uri(_server.BaseAddress, "v1").ToString();

    public int TotalRequests => Volatile.Read(ref _totalRequests);

    /// <summary>Requests to <c>/v1/completions</c> (completion mode), of <see cref="TotalRequests"/>.</summary>
    public int TextCompletionRequests => Volatile.Read(ref _textCompletionRequests);

    public int TotalAnswers => _answers.Values.Sum();

    public int RequestsFor(string userMessage) => _requests.GetValueOrDefault(userMessage);

    /// <summary>Complete 200 answers sent for this logical call (what a provider would bill).</summary>
    public int AnswersFor(string userMessage) => _answers.GetValueOrDefault(userMessage);

    /// <summary>Listens on a free port of 127.0.0.1.</summary>
    public static Task<FaultyOpenAIServer> StartAsync(FaultProfile? profile = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new FaultyOpenAIServer(profile ?? FaultProfile.None));
    }

    public static string AnswerFor(string userMessage) =>
        "answer-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userMessage)))[..12];

    /// <summary>Prompt tokens: words over all messages plus 3 per message; completion: always 7.</summary>
    public static (int Prompt, int Completion) UsageFor(IEnumerable<string> messageTexts) =>
        (messageTexts.Sum(t => 3 + t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length), 7);

    /// <summary>Whether this logical call always fails with 400 under <paramref name="profile"/>.</summary>
    public static bool IsPermanentFailure(FaultProfile profile, string userMessage) =>
        profile.PermanentFailureRate > 0 && Draw(profile.Seed, userMessage, -1) < profile.PermanentFailureRate;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task HandleAsync(HttpExchange exchange) => (exchange.Request.Method, exchange.Request.Path.Split('?')[0]) switch
    {
        ("POST", "/v1/chat/completions") => CompleteAsync(exchange, chat: true),
        ("POST", "/v1/completions") => CompleteAsync(exchange, chat: false),
        ("GET", "/v1/models") => ListModelsAsync(exchange),
        _ => ErrorAsync(exchange, 404, "invalid_request_error", null, $"No route for {exchange.Request.Method} {exchange.Request.Path}."),
    };

    // Chat completions (messages in, choices[0].message out), or text completions (prompt in, choices[0].text out), where
    // the prompt stands for the last user message in answers, usage and counts.
    private async Task CompleteAsync(HttpExchange exchange, bool chat)
    {
        Interlocked.Increment(ref _totalRequests);
        if (!chat)
            Interlocked.Increment(ref _textCompletionRequests);
        var authorization = exchange.Request.Header("authorization") ?? "";
        if (_profile.RequiredApiKey is { } required && authorization != $"Bearer {required}")
        {
            // Real providers echo a masked form of the key they received; clients must not pass it on.
            var sent = authorization.Replace("Bearer ", "", StringComparison.Ordinal);
            var masked = sent.Length > 12 ? $"{sent[..8]}****{sent[^4..]}" : "****";
            await ErrorAsync(exchange, 401, "invalid_request_error", "invalid_api_key",
                $"Incorrect API key provided: {masked}. You can find your API key at https://example.invalid/keys.");
            return;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(exchange.Request.Body);
        }
        catch (JsonException)
        {
            await ErrorAsync(exchange, 400, "invalid_request_error", null, "request body is not JSON");
            return;
        }

        var model = body?["model"]?.GetValue<string>() ?? "";
        if (_profile.KnownModels is { } known && !known.Contains(model))
        {
            await ErrorAsync(exchange, 404, "invalid_request_error", "model_not_found", $"The model `{model}` does not exist.");
            return;
        }

        var messages = chat
            ? body?["messages"]?.AsArray().Select(m => (Role: m?["role"]?.GetValue<string>() ?? "", Text: TextOf(m?["content"]))).ToList() ?? []
            : [("user", body?["prompt"]?.GetValue<string>() ?? "")];
        var lastUser = messages.LastOrDefault(m => m.Role == "user").Text ?? "";
        var attempt = _requests.AddOrUpdate(lastUser, 1, (_, n) => n + 1);

        if (IsPermanentFailure(_profile, lastUser))
        {
            await ErrorAsync(exchange, 400, "invalid_request_error", null, "This request is invalid (injected permanent fault).");
            return;
        }

        var (prompt, completion) = UsageFor(messages.Select(m => m.Text));
        var choice = new JsonObject { ["index"] = 0 };
        if (chat)
            choice["message"] = new JsonObject { ["role"] = "assistant", ["content"] = AnswerFor(lastUser) };
        else
            choice["text"] = AnswerFor(lastUser);
        choice["finish_reason"] = "stop";
        var response = new JsonObject
        {
            ["id"] = chat ? $"chatcmpl-{attempt}" : $"cmpl-{attempt}",
            ["object"] = chat ? "chat.completion" : "text_completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(choice),
        };
        if (!_profile.OmitUsage)
        {
            response["usage"] = new JsonObject
            {
                ["prompt_tokens"] = prompt,
                ["completion_tokens"] = completion,
                ["total_tokens"] = prompt + completion,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            };
        }

        var json = response.ToJsonString();
        switch (FaultFor(_profile, lastUser, attempt))
        {
            case InjectedFault.RateLimit:
                var seconds = (int)Math.Ceiling(_profile.RetryAfter.TotalSeconds);
                await ErrorAsync(exchange, 429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached (injected).",
                [
                    new("retry-after-ms", _profile.RetryAfter.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)),
                    new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)),
                    new("x-ratelimit-reset-requests", string.Create(CultureInfo.InvariantCulture, $"{_profile.RetryAfter.TotalMilliseconds:0}ms")),
                ]);
                break;
            case InjectedFault.ServerError:
                await ErrorAsync(exchange, 500, "server_error", null, "Internal error (injected).");
                break;
            case InjectedFault.Unavailable:
                await ErrorAsync(exchange, 503, "server_error", null, "Service unavailable (injected).");
                break;
            case InjectedFault.Slow:
                // A client that gives up first (as it should) closes the connection, and is sent nothing.
                if (await exchange.StallAsync(_profile.SlowDelay))
                    await AnswerAsync(exchange, lastUser, json);
                else
                    exchange.Abort();
                break;
            case InjectedFault.Truncated:
                await exchange.RespondAsync(200, "application/json", json[..(json.Length / 2)]);
                break;
            case InjectedFault.Drop:
                exchange.Abort();
                break;
            default:
                await AnswerAsync(exchange, lastUser, json);
                break;
        }
    }

    /// <summary>The fault the <paramref name="attempt"/>-th request (from 1) for a logical call meets.</summary>
    public static InjectedFault FaultFor(FaultProfile profile, string userMessage, int attempt)
    {
        var draw = Draw(profile.Seed, userMessage, attempt);
        (double Rate, InjectedFault Fault)[] kinds =
        [
            (profile.RateLimitRate, InjectedFault.RateLimit), (profile.ServerErrorRate, InjectedFault.ServerError),
            (profile.UnavailableRate, InjectedFault.Unavailable), (profile.SlowRate, InjectedFault.Slow),
            (profile.TruncatedRate, InjectedFault.Truncated), (profile.DropRate, InjectedFault.Drop),
        ];
        foreach (var (rate, fault) in kinds)
        {
            if ((draw -= rate) < 0)
            {
                return fault;
            }
        }

        return InjectedFault.None;
    }

    private async Task AnswerAsync(HttpExchange exchange, string lastUser, string json)
    {
        await exchange.RespondAsync(200, "application/json", json);
        _answers.AddOrUpdate(lastUser, 1, (_, n) => n + 1);
    }

    private async Task ListModelsAsync(HttpExchange exchange)
    {
        var models = new JsonArray([.. (_profile.KnownModels ?? ["tw-echo"]).Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m,
            ["object"] = "model",
            ["owned_by"] = "tunewise-tests",
        })]);
        await exchange.RespondAsync(200, "application/json", new JsonObject { ["object"] = "list", ["data"] = models }.ToJsonString());
    }

    private static Task ErrorAsync(HttpExchange exchange, int status, string type, string? code, string message,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code };
        return exchange.RespondAsync(status, "application/json", new JsonObject { ["error"] = error }.ToJsonString(), headers);
    }

    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    // Uniform in [0, 1) from (seed, logical call, attempt): the same request always meets the same fault.
    private static double Draw(int seed, string logicalCall, int attempt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{attempt}|{logicalCall}"));
        return BitConverter.ToUInt64(hash, 0) / (ulong.MaxValue + 1.0);
    }
}
