using System.Collections.Concurrent;

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
        replay._server = await LocalServer.StartAsync(routes => routes.MapPost(path, replay.Handle), cancellationToken);
        return replay;
    }

    private ReplayResponse Handle(CapturedRequest request)
    {
        _requests.Enqueue(request);
        return Respond(request);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
