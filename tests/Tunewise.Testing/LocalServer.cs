using Tunewise.FakeOpenAI;

namespace Tunewise.Testing;

/// <summary>
/// A real HTTP/1.1 server on a free port of 127.0.0.1 (the socket server of Tunewise.FakeOpenAI, so tests need no web
/// framework and run the CLI with exactly its own dependencies). Tests map routes in the configure callback and talk to
/// <see cref="BaseAddress"/> over real HTTP. A request no route matches gets 404.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    private LocalServer(LoopbackHttpServer server) => _server = server;

    public Uri BaseAddress => _server.BaseAddress;

    public static Task<LocalServer> StartAsync(Action<LocalRoutes> configure, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var routes = new LocalRoutes();
        configure(routes);
        return Task.FromResult(new LocalServer(LoopbackHttpServer.Start(routes.HandleAsync)));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>
/// The routes of a <see cref="LocalServer"/>: a method and a path pattern whose <c>{name}</c> segments match any one
/// segment, each with a handler from the request to its answer. A handler that throws answers 500 with the exception.
/// </summary>
public sealed class LocalRoutes
{
    private readonly List<(string Method, string[] Segments, Func<CapturedRequest, Task<ReplayResponse>> Handle)> _routes = [];

    public LocalRoutes MapPost(string pattern, Func<CapturedRequest, Task<ReplayResponse>> handler) => Map("POST", pattern, handler);

    public LocalRoutes MapPost(string pattern, Func<CapturedRequest, ReplayResponse> handler) => Map("POST", pattern, r => Task.FromResult(handler(r)));

    public LocalRoutes MapGet(string pattern, Func<CapturedRequest, ReplayResponse> handler) => Map("GET", pattern, r => Task.FromResult(handler(r)));

    public LocalRoutes Map(string method, string pattern, Func<CapturedRequest, Task<ReplayResponse>> handler)
    {
        _routes.Add((method, pattern.Split('/'), handler));
        return this;
    }

    internal async Task HandleAsync(HttpExchange exchange)
    {
        var request = CapturedRequest.From(exchange.Request);
        var segments = request.Path.Split('/');
        var route = _routes.FirstOrDefault(r => r.Method == request.Method && Matches(r.Segments, segments));
        ReplayResponse response;
        try
        {
            response = route.Handle is null ? new(404, "no route", "text/plain") : await route.Handle(request);
        }
        catch (Exception ex)
        {
            response = new(500, ex.ToString(), "text/plain");
        }
        await exchange.RespondAsync(response.Status, response.ContentType, response.Body, response.Headers);
    }

    private static bool Matches(string[] pattern, string[] path) =>
        pattern.Length == path.Length && pattern.Zip(path).All(p => p.First.StartsWith('{') || p.First == p.Second);
}
