using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tunewise.Testing;

/// <summary>
/// A <see cref="LocalServer"/> that answers POSTs to one path with recorded payloads and keeps every
/// request it received, so tests check both what a client sent and how it read the answer.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private LocalServer _server = null!;

    private ReplayServer()
    {
    }

    /// <summary>Answers; set it before each call when a test needs different responses.</summary>
    public Func<CapturedRequest, ReplayResponse> Respond { get; set; } = _ => new(500, "{}");

    public Uri BaseAddress => _server.BaseAddress;

    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    public CapturedRequest LastRequest => Requests[^1];

    public static async Task<ReplayServer> StartAsync(string path, ReplayResponse response, CancellationToken cancellationToken = default) =>
        await StartAsync(path, _ => response, cancellationToken);

    public static async Task<ReplayServer> StartAsync(string path, Func<CapturedRequest, ReplayResponse> respond,
        CancellationToken cancellationToken = default)
    {
        var replay = new ReplayServer { Respond = respond };
        replay._server = await LocalServer.StartAsync(app => app.MapPost(path, replay.HandleAsync), cancellationToken);
        return replay;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new CapturedRequest(context.Request.Method, context.Request.Path, headers, body);
        _requests.Enqueue(request);

        var response = Respond(request);
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
