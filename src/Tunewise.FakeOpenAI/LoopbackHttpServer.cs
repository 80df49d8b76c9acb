using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tunewise.FakeOpenAI;

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 over plain sockets: persistent connections, request bodies sent with
/// Content-Length or chunked, and one handler for every request. It is what <see cref="FaultyOpenAIServer"/> needs and no
/// more (and what the tests' local servers need): no TLS, no HTTP/2, no pipelining beyond reading requests one after
/// another.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<HttpExchange, Task> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _accepting;

    private LoopbackHttpServer(Func<HttpExchange, Task> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 512);
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Listens on a free port of 127.0.0.1 and passes every request to <paramref name="handler"/>.</summary>
    public static LoopbackHttpServer Start(Func<HttpExchange, Task> handler) => new(handler ?? throw new ArgumentNullException(nameof(handler)));

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            var served = new TaskCompletionSource();
            _connections[socket] = served.Task;
            _ = ServeAsync(socket, served);
        }
    }

    private async Task ServeAsync(Socket socket, TaskCompletionSource served)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new HttpRequestReader(stream);
            while (!_stopping.IsCancellationRequested)
            {
                var request = await reader.ReadAsync(_stopping.Token).ConfigureAwait(false);
                if (request is null) return; // the client closed the connection between requests

                var exchange = new HttpExchange(request, socket, stream, _stopping.Token);
                await _handler(exchange).ConfigureAwait(false);
                if (exchange.Aborted) return;
                if (!exchange.Responded) await exchange.RespondAsync(500, "text/plain", "no response").ConfigureAwait(false);
                if (request.CloseAfter) return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            // The client went away, the request was not HTTP, or the server is stopping: the connection ends here.
        }
        finally
        {
            _connections.TryRemove(socket, out _);
            socket.Dispose();
            served.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        var open = _connections.ToArray();
        foreach (var (socket, _) in open)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
        await Task.WhenAll(open.Select(c => c.Value)).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
