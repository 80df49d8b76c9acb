using System.Net.Http;
using Tunewise.Testing;

namespace Tunewise.Core.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Local_server_answers_over_real_http()
    {
        await using var server = await LocalServer.StartAsync(routes => routes.MapGet("/ping", _ => ReplayResponse.Text("pong")));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal("pong", await http.GetStringAsync("ping"));
    }
}
