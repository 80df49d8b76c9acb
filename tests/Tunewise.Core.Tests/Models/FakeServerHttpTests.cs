using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Tunewise.Core.Tests.Models;

/// <summary>
/// The fault-injecting server's own HTTP handling, seen from the wire: request bodies sent chunked, a client that asks to
/// close, a request that is not HTTP, and unknown routes. (The fault kinds themselves are covered by the reliability tests.)
/// </summary>
public class FakeServerHttpTests
{
    private const string Body = """{"model":"m","messages":[{"role":"user","content":"hello there"}]}""";

    [Fact]
    public async Task A_chunked_request_body_is_read_whole()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        using var client = new HttpClient();
        // A stream of unknown length goes out with Transfer-Encoding: chunked.
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(Body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(server.ApiBase + "/chat/completions", content);

        Assert.Equal(200, (int)response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(FaultyOpenAIServer.AnswerFor("hello there"), json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        // The server counts an answer once it has finished sending it, which may be just after the client has read it.
        for (var i = 0; i < 200 && server.AnswersFor("hello there") < 1; i++) await Task.Delay(25);
        Assert.Equal(1, server.AnswersFor("hello there"));
    }

    [Fact]
    public async Task Requests_on_one_connection_are_answered_in_turn_and_connection_close_is_honoured()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        var uri = new Uri(server.ApiBase);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var request = $"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n\r\n{Body}";
        var last = $"GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        // Both requests in one write: the second is read from what is left over after the first body.
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + last));

        // Ends only because the server closes the connection after the second response.
        var reply = await new StreamReader(stream).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, reply.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.Contains(FaultyOpenAIServer.AnswerFor("hello there"), reply, StringComparison.Ordinal);
        Assert.Contains("\"tw-echo\"", reply, StringComparison.Ordinal);
        Assert.Contains("Connection: close", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_not_http_closes_that_connection_only_and_an_unknown_route_is_a_404()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        var uri = new Uri(server.ApiBase);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(uri.Host, uri.Port);
            await tcp.GetStream().WriteAsync("HELLO\r\n\r\n"u8.ToArray());
            Assert.Equal("", await new StreamReader(tcp.GetStream()).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }

        using var client = new HttpClient();
        using var missing = await client.GetAsync(new Uri(server.ApiBase + "/embeddings"));
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Contains("No route for GET /v1/embeddings", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
