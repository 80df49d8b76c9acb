using System.Text.Json;
using System.Text.RegularExpressions;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Running;

/// <summary>
/// An OpenAI-compatible "model" on 127.0.0.1 that knows nothing: asked for the code of an entity, it answers
/// the code only when a passage saying "The secret code of ENTITY is CODE." is in the prompt, else "unknown".
/// When the prompt asks for JSON it answers in prose ("Code: CODE"), a format failure.
/// </summary>
internal sealed partial class KnowledgeServer : IAsyncDisposable
{
    /// <summary>A prompt containing this is rejected with 400.</summary>
    public const string Broken = "BROKEN";

    private readonly LocalServer _server;

    private KnowledgeServer(LocalServer server) => _server = server;

    public string ApiBase => new Uri(_server.BaseAddress, "v1").ToString();

    public static async Task<KnowledgeServer> StartAsync() =>
        new(await LocalServer.StartAsync(routes => routes.MapPost("/v1/chat/completions", Complete)));

    public static string Answer(string prompt)
    {
        var asked = Asked().Match(prompt);
        if (!asked.Success)
            return "unknown";
        var entity = asked.Groups["entity"].Value;
        var fact = Regex.Match(prompt, $@"The secret code of {Regex.Escape(entity)} is (?<code>\w+)\.");
        if (!fact.Success)
            return "unknown";
        return prompt.Contains("JSON", StringComparison.Ordinal) ? $"Code: {fact.Groups["code"].Value}" : fact.Groups["code"].Value;
    }

    private static ReplayResponse Complete(CapturedRequest request)
    {
        var body = request.Node;
        var prompt = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]?.GetValue<string>() ?? ""));
        if (prompt.Contains(Broken, StringComparison.Ordinal))
        {
            // A request the provider rejects for good: retries cannot help, so the call fails.
            return new(400, """{"error":{"message":"rejected","type":"invalid_request_error"}}""");
        }
        return ReplayResponse.ChatCompletion(Answer(prompt), body["model"]?.GetValue<string>() ?? "knowledge", promptTokens: prompt.Length / 4 + 1,
            completionTokens: 2, id: "chatcmpl-knowledge");
    }

    [GeneratedRegex(@"What is the secret code of (?<entity>\w+)\?")]
    private static partial Regex Asked();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
