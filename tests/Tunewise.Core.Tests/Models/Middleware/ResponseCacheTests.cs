using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Middleware;

public class ResponseCacheTests
{
    [Fact]
    public async Task A_repeated_call_is_served_from_the_sqlite_file_at_no_cost()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        using var temp = new TempDirectory();
        var records = new List<CallRecord>();
        var price = new ModelPrice(1m, 2m);
        IChatClient Build() => FaultServerClients.Builder(server)
            .WithPrice(price).WithCache(new SqliteResponseCache(temp.File("run.db"))).WithCallRecords(records.Add).Build();

        var first = await Build().GetResponseAsync(FaultServerClients.Ask("cache me"));
        // A new pipeline over the same file, as in a resumed run.
        var second = await Build().GetResponseAsync(FaultServerClients.Ask("cache me"));

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(1, server.TotalRequests);
        Assert.False(records[0].CacheHit);
        Assert.True(records[0].CostUsd > 0);
        Assert.True(records[1].CacheHit);
        Assert.Equal(0m, records[1].CostUsd);
        Assert.Equal(0, records[1].Attempts);
    }

    [Fact]
    public async Task The_cache_table_lives_in_a_wal_mode_database_shared_with_other_tables()
    {
        using var temp = new TempDirectory();
        var path = temp.File("run.db");
        await using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE runs (id TEXT)";
            await create.ExecuteNonQueryAsync();
        }

        var cache = new SqliteResponseCache(path);
        await cache.SetAsync("k", "m", new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")), CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.Equal(1, await cache.CountAsync(CancellationToken.None));
        Assert.Equal("hi", (await cache.TryGetAsync("k", CancellationToken.None))!.Text);
    }

    [Fact]
    public void The_key_is_stable_across_versions_so_existing_caches_keep_serving()
    {
        // Pinned: a change here silently empties every user's response cache.
        var messages = new[]
        {
            new ChatMessage(ChatRole.System, "Answer with one label."),
            new ChatMessage(ChatRole.User, "how would you say fly in italian") { AuthorName = "tester" },
            new ChatMessage(ChatRole.Assistant, "translate"),
            new ChatMessage(ChatRole.User, "héllo \"quoted\" <tag>"),
        };
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 64, StopSequences = ["\n"], ResponseFormat = ChatResponseFormat.Json };

        Assert.Equal("e35a8e87a5951699a05f169938f5f44cf90e174c189ddadb3e8f1cc4ab6374b7", ResponseCacheKey.Compute("openai-compatible:m|http://127.0.0.1:1/v1|", messages, options));
    }

    [Fact]
    public void A_plain_text_answer_is_stored_small_and_reads_back_whole()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("hello "), new TextContent("world")]) { MessageId = "m1" })
        {
            ResponseId = "r1",
            ModelId = "gpt-x",
            CreatedAt = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(1)),
            FinishReason = ChatFinishReason.Length,
            Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 3, TotalTokenCount = 15, CachedInputTokenCount = 4 },
        };

        var json = CachedResponseJson.Write(response);
        var back = CachedResponseJson.Read(json)!;

        Assert.DoesNotContain("$type", json);
        Assert.Equal("hello world", back.Text);
        Assert.Equal(ChatRole.Assistant, back.Messages.Single().Role);
        Assert.Equal("m1", back.Messages[0].MessageId);
        Assert.Equal(("r1", "gpt-x", response.CreatedAt, ChatFinishReason.Length), (back.ResponseId, back.ModelId, back.CreatedAt, back.FinishReason));
        Assert.Equal((12L, 3L, 15L, 4L), (back.Usage!.InputTokenCount!.Value, back.Usage.OutputTokenCount!.Value, back.Usage.TotalTokenCount!.Value, back.Usage.CachedInputTokenCount!.Value));
        Assert.Null(back.Usage.ReasoningTokenCount);
    }

    [Fact]
    public void Anything_beyond_plain_text_keeps_the_full_shape_and_rows_of_either_shape_read_back()
    {
        var toolCall = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["q"] = "x" })]));
        var extras = new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")) { AdditionalProperties = new() { ["system_fingerprint"] = "fp" } };
        // A row written before the small shape existed.
        var older = System.Text.Json.JsonSerializer.Serialize(new ChatResponse(new ChatMessage(ChatRole.Assistant, "old answer")), AIJsonUtilities.DefaultOptions);

        var call = CachedResponseJson.Read(CachedResponseJson.Write(toolCall))!;
        var withExtras = CachedResponseJson.Read(CachedResponseJson.Write(extras))!;

        Assert.Equal("lookup", Assert.IsType<FunctionCallContent>(call.Messages.Single().Contents.Single()).Name);
        Assert.Equal("fp", withExtras.AdditionalProperties!["system_fingerprint"]?.ToString());
        Assert.Equal("old answer", CachedResponseJson.Read(older)!.Text);
    }

    [Fact]
    public void The_key_changes_with_every_option_that_changes_the_answer()
    {
        ChatMessage[] messages = [new(ChatRole.System, "be terse"), new(ChatRole.User, "q")];
        var baseline = ResponseCacheKey.Compute("openai:gpt-4o-mini", messages, new ChatOptions { Temperature = 0 });
        string Key(ChatOptions options, string model = "openai:gpt-4o-mini", ChatMessage[]? m = null) =>
            ResponseCacheKey.Compute(model, m ?? messages, options);

        Assert.Equal(baseline, Key(new ChatOptions { Temperature = 0 }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0 }, model: "openai:gpt-4o"));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0 }, model: "openai:gpt-4o-mini|adapter-sha:ab12"));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0 }, m: [new(ChatRole.System, "be kind"), new(ChatRole.User, "q")]));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0.7f }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0, TopP = 0.9f }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0, MaxOutputTokens = 5 }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0, StopSequences = ["\n"] }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0, Seed = 1 }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.Json }));
        Assert.NotEqual(baseline, Key(new ChatOptions { Temperature = 0, Tools = [AIFunctionFactory.Create((int x) => x, "double")] }));
    }

    [Fact]
    public void Sampled_repeats_get_their_own_entries_but_deterministic_repeats_share_one()
    {
        ChatMessage[] messages = [new(ChatRole.User, "q")];
        string Key(float temperature, int repeat) =>
            ResponseCacheKey.Compute("m", messages, new ChatOptions { Temperature = temperature }.WithRepeatIndex(repeat));

        Assert.NotEqual(Key(0.8f, 0), Key(0.8f, 1));
        Assert.Equal(Key(0f, 0), Key(0f, 1));
        Assert.Equal(Key(0.8f, 0), ResponseCacheKey.Compute("m", messages, new ChatOptions { Temperature = 0.8f }));
    }
}
