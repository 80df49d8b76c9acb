using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models;

public class SecretsTests
{
    private const string Key = "sk-twsecret-Zq81xPq0LmT4vB7nK2wE";
    private const string KeyVariable = "TUNEWISE_SECRETS_TEST_KEY";

    [Fact]
    public async Task No_key_or_key_prefix_reaches_files_errors_or_records()
    {
        using var temp = new TempDirectory();
        var context = new ModelContext { Environment = name => name == KeyVariable ? Key : null };
        var captured = new List<string>();
        var records = new List<CallRecord>();

        // A server that accepts the key: successful, cached calls.
        await using (var good = await FaultyOpenAIServer.StartAsync(new FaultProfile { RequiredApiKey = Key }))
        {
            var client = FaultServerClients.Builder(good, context, KeyVariable)
                .WithCache(new SqliteResponseCache(temp.File("run.db")))
                .WithCallRecords(records.Add)
                .Build();
            for (var i = 0; i < 3; i++)
            {
                var response = await client.GetResponseAsync(FaultServerClients.Ask($"secret question {i % 2}"));
                captured.Add(System.Text.Json.JsonSerializer.Serialize(response, Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions));
            }
        }

        // A server that rejects it and echoes a masked form, as real providers do.
        await using (var bad = await FaultyOpenAIServer.StartAsync(new FaultProfile { RequiredApiKey = "sk-some-other-key-000000000000" }))
        {
            var client = FaultServerClients.Builder(bad, context, KeyVariable)
                .WithCache(new SqliteResponseCache(temp.File("run.db")))
                .WithCallRecords(records.Add)
                .Build();
            var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync(FaultServerClients.Ask("rejected")));
            Assert.Equal(ModelCallErrorKind.Unauthorized, error.Kind);
            Assert.Equal(401, error.StatusCode);
            Assert.Contains("Incorrect API key", error.Message);
            captured.Add(error.ToString());
        }

        captured.AddRange(records.Select(r => r.ToString()));
        captured.AddRange(Directory.EnumerateFiles(temp.Path, "*", SearchOption.AllDirectories)
            .Select(f => File.ReadAllText(f, System.Text.Encoding.Latin1)));
        Assert.Contains(captured, text => text.Contains(FaultyOpenAIServer.AnswerFor("secret question 0"), StringComparison.Ordinal));
        Assert.All(captured, text =>
        {
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Key[..8], text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_redactor_removes_known_keys_masked_echoes_and_bearer_headers()
    {
        var redactor = new SecretRedactor();
        redactor.Register(Key);

        var text = redactor.Redact($"key={Key}; echoed {Key[..8]}****{Key[^4..]}; header Authorization: Bearer abc.def; raw sk-proj-abcdef");

        Assert.DoesNotContain(Key[..8], text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc.def", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj-abcdef", text, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, text);
    }
}
