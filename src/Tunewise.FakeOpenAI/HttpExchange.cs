using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Tunewise.FakeOpenAI;

/// <summary>One request and the means to answer it: a complete response, or an aborted connection.</summary>
public sealed class HttpExchange
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    internal HttpExchange(HttpRequest request, Socket socket, Stream stream, CancellationToken stopping)
    {
        Request = request;
        _socket = socket;
        _stream = stream;
        Stopping = stopping;
    }

    public HttpRequest Request { get; }

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Stopping { get; }

    public bool Responded { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>Writes a complete response with a Content-Length body.</summary>
    public async Task RespondAsync(int status, string contentType, string body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n");
        foreach (var (name, value) in headers ?? []) head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        if (Request.CloseAfter) head.Append("Connection: close\r\n");
        head.Append("\r\n");
        Responded = true;
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()).Concat(bytes).ToArray(), Stopping).ConfigureAwait(false);
        await _stream.FlushAsync(Stopping).ConfigureAwait(false);
    }

    /// <summary>Resets the connection without a response, as a crashed server or a broken proxy does.</summary>
    public void Abort()
    {
        Aborted = true;
        _socket.LingerState = new LingerOption(enable: true, seconds: 0);
        _socket.Close();
    }

    /// <summary>
    /// Waits <paramref name="delay"/> unless the client closes the connection first (as a client that times out does) or
    /// the server stops; true when the whole delay passed with the client still waiting.
    /// </summary>
    public async Task<bool> StallAsync(TimeSpan delay)
    {
        var until = DateTime.UtcNow + delay;
        while (DateTime.UtcNow < until)
        {
            // Readable with nothing to read: the client has closed its side.
            if (_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0) return false;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, Math.Max(1, (until - DateTime.UtcNow).TotalMilliseconds))), Stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return true;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status " + status.ToString(CultureInfo.InvariantCulture),
    };
}
