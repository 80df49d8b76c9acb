using System.Globalization;
using System.Text;

namespace Tunewise.FakeOpenAI;

/// <summary>One request as received: the request line, headers (names compared without case) and the whole body.</summary>
public sealed record HttpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The client asked for the connection to close after this response (<c>Connection: close</c>).</summary>
    public bool CloseAfter => Headers.TryGetValue("connection", out var value) && value.Contains("close", StringComparison.OrdinalIgnoreCase);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>Reads HTTP/1.1 requests one after another from a connection.</summary>
internal sealed class HttpRequestReader(Stream stream)
{
    private const int MaxHeadBytes = 64 * 1024;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next request, or null when the client closed the connection before sending one.</summary>
    public async Task<HttpRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            if (_end - _start >= MaxHeadBytes) throw new InvalidDataException("request head over 64 KB");
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_end == _start) return null;
                throw new InvalidDataException("connection closed inside a request head");
            }
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headEnd - _start).Split("\r\n");
        _start = headEnd + 4;
        var requestLine = head[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new InvalidDataException($"not an HTTP/1.x request line: {head[0]}");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new InvalidDataException($"malformed header line: {line}");
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        if (headers.TryGetValue("expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);

        byte[] body;
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = await ReadChunkedAsync(cancellationToken).ConfigureAwait(false);
        else if (headers.TryGetValue("content-length", out var length))
            body = await ReadExactlyAsync(int.Parse(length, NumberStyles.None, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        else
            body = [];
        return new HttpRequest(requestLine[0], requestLine[1], headers, body);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length > 0)
                {
                    // Trailer fields are not used.
                }
                return body.ToArray();
            }
            body.Write(await ReadExactlyAsync(size, cancellationToken).ConfigureAwait(false));
            if ((await ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length != 0)
                throw new InvalidDataException("chunk not followed by CRLF");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int newline;
        while ((newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start)) < 0)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidDataException("connection closed inside a chunked body");
        }
        var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
        _start = newline + 1;
        return line;
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, result, 0, copied);
        _start += copied;
        if (copied < count) await stream.ReadExactlyAsync(result.AsMemory(copied), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private int IndexOfHeadEnd() => _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8) is var i and >= 0 ? _start + i : -1;

    /// <summary>Reads more bytes into the buffer; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
