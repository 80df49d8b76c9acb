using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Providers;

/// <summary>
/// What every native provider's tests share: a replay server on 127.0.0.1 answering the provider's chat path with bodies
/// recorded from the real API (under <c>Recorded/FOLDER</c>), the provider's client pointed at it, and the checks that
/// hold for every provider.
/// </summary>
public abstract class ProviderReplayTests(string recordedFolder, string chatPath)
{
    /// <summary>A recorded body of this provider.</summary>
    protected ReplayResponse Recorded(string file, int status = 200, string contentType = "application/json", Dictionary<string, string>? headers = null) =>
        ReplayResponse.FromFile(Path.Combine("Recorded", recordedFolder, file), status, contentType, headers);

    /// <summary>A server answering the provider's chat path with <paramref name="response"/>.</summary>
    protected Task<ReplayServer> ServeAsync(ReplayResponse response) => ReplayServer.StartAsync(chatPath, response);

    /// <summary>A server answering the provider's chat path through <paramref name="respond"/>.</summary>
    protected Task<ReplayServer> ServeAsync(Func<CapturedRequest, ReplayResponse> respond) => ReplayServer.StartAsync(chatPath, respond);

    /// <summary>The provider's client, calling <paramref name="server"/> for <paramref name="model"/> (null: the tests' usual model).</summary>
    protected abstract IChatClient Client(ReplayServer server, string? model = null);

    /// <summary>The recorded answer to a plain chat call.</summary>
    protected abstract string PlainAnswer { get; }

    [Fact]
    public async Task Tunewise_call_properties_are_never_sent_to_the_provider()
    {
        await using var server = await ServeAsync(Recorded(PlainAnswer));
        using var client = Client(server);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions().WithRepeatIndex(2).WithLatencyGroup("arm"));

        Assert.DoesNotContain("tunewise", server.LastRequest.Body, StringComparison.Ordinal);
    }
}
