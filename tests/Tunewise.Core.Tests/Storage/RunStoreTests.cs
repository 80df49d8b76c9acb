using Microsoft.Data.Sqlite;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Storage;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Storage;

public class RunStoreTests
{
    private static ExampleResult Result(string runId, string arm, string example, int repeat = 0, string? error = null) => new()
    {
        RunId = runId,
        Arm = arm,
        ExampleId = example,
        Repeat = repeat,
        Output = error is null ? $"out-{example}" : null,
        Expected = "gold",
        ScoreJson = error is null ? "{\"accuracy\":1}" : null,
        Error = error,
        Prompt = $"Classify: {example}",
        InputTokens = 12,
        CachedInputTokens = 4,
        OutputTokens = 3,
        Cost = 0.000123m,
        Latency = TimeSpan.FromMilliseconds(250),
    };

    [Fact]
    public async Task Results_survive_closing_and_reopening_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tunewise.db");
        string runId;
        await using (var store = await RunStore.OpenAsync(path))
        {
            var run = await store.StartRunAsync("intents", "hash-1", "study.yaml");
            runId = run.Id;
            await store.SaveArmAsync(new ArmRecord(runId, "zero-shot", "openai:gpt-4o-mini", "{\"prompt\":{}}"));
            await store.RecordResultAsync(Result(runId, "zero-shot", "e1"));
            await store.RecordResultAsync(Result(runId, "zero-shot", "e2", error: "timeout"));
            await store.SaveArtifactAsync(runId, "curation", "{\"counts\":{}}");
            await store.FinishRunAsync(runId, RunStatus.Completed);
        }

        await using (var store = await RunStore.OpenAsync(path))
        {
            var run = await store.GetRunAsync(runId);
            Assert.Equal(RunStatus.Completed, run!.Status);
            Assert.NotNull(run.FinishedAt);
            var results = new List<ExampleResult>();
            await foreach (var result in store.ReadResultsAsync(runId))
            {
                results.Add(result);
            }

            Assert.Equal(2, results.Count);
            var first = results[0];
            Assert.Equal(("out-e1", 12L, 4L, 3L, 0.000123m), (first.Output, first.InputTokens, first.CachedInputTokens, first.OutputTokens, first.Cost));
            Assert.Equal(250, first.Latency.TotalMilliseconds);
            Assert.Equal("timeout", results[1].Error);
            Assert.Equal("{\"counts\":{}}", await store.GetArtifactAsync(runId, "curation"));
            Assert.Equal("openai:gpt-4o-mini", Assert.Single(await store.GetArmsAsync(runId)).Model);
        }
    }

    [Fact]
    public async Task Resume_query_lists_completed_calls_and_leaves_failed_ones_to_retry()
    {
        using var dir = new TempDirectory();
        await using var store = await RunStore.OpenAsync(dir.File("tunewise.db"));
        var run = await store.StartRunAsync("intents", "hash-1");
        await store.RecordResultAsync(Result(run.Id, "a", "e1"));
        await store.RecordResultAsync(Result(run.Id, "a", "e1", repeat: 1));
        await store.RecordResultAsync(Result(run.Id, "b", "e1", error: "rate limited"));

        var done = await store.GetCompletedAsync(run.Id);
        var attempted = await store.GetCompletedAsync(run.Id, includeErrors: true);

        Assert.Equal(new HashSet<ResultKey> { new("a", "e1", 0), new("a", "e1", 1) }, done);
        Assert.Contains(new ResultKey("b", "e1", 0), attempted);

        // A retry that succeeds replaces the failed row.
        await store.RecordResultAsync(Result(run.Id, "b", "e1"));
        Assert.Contains(new ResultKey("b", "e1", 0), await store.GetCompletedAsync(run.Id));
        Assert.Equal(run.Id, (await store.FindResumableRunAsync("intents", "hash-1"))!.Id);
        Assert.Null(await store.FindResumableRunAsync("intents", "hash-2"));
    }

    [Fact]
    public async Task A_run_killed_midway_keeps_every_result_written_before()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tunewise.db");
        var crashed = dir.File("crashed.db");
        var store = await RunStore.OpenAsync(path);
        var run = await store.StartRunAsync("intents", "hash-1");
        for (var i = 0; i < 25; i++)
        {
            await store.RecordResultAsync(Result(run.Id, "a", $"e{i}"));
        }

        // Snapshot the files as a killed process leaves them: no close, no checkpoint, WAL still open.
        File.Copy(path, crashed);
        if (File.Exists(path + "-wal"))
        {
            File.Copy(path + "-wal", crashed + "-wal");
        }

        await store.DisposeAsync();

        await using var reopened = await RunStore.OpenAsync(crashed);
        Assert.Equal(25, (await reopened.GetCompletedAsync(run.Id)).Count);
        Assert.Equal(RunStatus.Running, (await reopened.GetRunAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task Concurrent_writers_from_one_process_lose_nothing()
    {
        using var dir = new TempDirectory();
        await using var store = await RunStore.OpenAsync(dir.File("tunewise.db"));
        var run = await store.StartRunAsync("intents", "hash-1");

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await store.RecordResultAsync(Result(run.Id, $"arm{i % 4}", $"e{i}"), ct));

        Assert.Equal(200, (await store.GetCompletedAsync(run.Id)).Count);
    }

    [Fact]
    public async Task An_older_file_is_migrated_and_keeps_its_data()
    {
        using var dir = new TempDirectory();
        var path = dir.File("old.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = RunStoreSchema.Migrations[0] + """

                PRAGMA user_version = 1;
                INSERT INTO studies VALUES ('intents', NULL, 'h', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
                INSERT INTO runs VALUES ('old-run', 'intents', 'h', '2025-01-01T00:00:00Z', NULL, 'Running');
                INSERT INTO results VALUES ('old-run', 'a', 'e1', 0, 'out', 'gold', NULL, NULL, NULL, 1, 0, 1, '0.5', 10, '2025-01-01T00:00:00Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var store = await RunStore.OpenAsync(path);

        Assert.Equal(RunStore.LatestSchemaVersion, await store.GetSchemaVersionAsync());
        Assert.True(RunStore.LatestSchemaVersion > 1);
        Assert.Contains(new ResultKey("a", "e1", 0), await store.GetCompletedAsync("old-run"));
        await store.SaveArtifactAsync("old-run", "report", "{}");
        Assert.Equal("{}", await store.GetArtifactAsync("old-run", "report"));
    }

    [Fact]
    public async Task A_file_from_a_newer_version_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = dir.File("new.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<UserInputException>(() => RunStore.OpenAsync(path));

        Assert.Contains("schema version 99", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task Other_components_tables_in_the_same_file_are_left_alone()
    {
        using var dir = new TempDirectory();
        var path = dir.File("shared.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE response_cache (key TEXT PRIMARY KEY, value TEXT); INSERT INTO response_cache VALUES ('k', 'v');";
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = await RunStore.OpenAsync(path))
        {
            await store.StartRunAsync("intents", "h");
        }

        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT value FROM response_cache WHERE key = 'k'";
        Assert.Equal("v", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Frozen_test_set_is_stored_per_run()
    {
        using var dir = new TempDirectory();
        await using var store = await RunStore.OpenAsync(dir.File("tunewise.db"));
        var run = await store.StartRunAsync("intents", "h");
        var test = new[] { new Example("t1", new Dictionary<string, string> { ["text"] = "x" }, new SourceLocation("t.csv", 2)) };
        var frozen = FrozenTestSet.Create(test);

        await store.SaveFrozenTestSetAsync(run.Id, frozen);

        var loaded = await store.GetFrozenTestSetAsync(run.Id);
        Assert.Equal(frozen.Hash, loaded!.Hash);
        Assert.Equal(["t1"], loaded.Ids);
    }

    [Fact]
    public void Default_path_is_beside_the_study()
    {
        var path = RunStore.DefaultPathFor("/work/studies/intents.yaml");
        Assert.Equal(Path.Combine("/work/studies", ".tunewise", "tunewise.db"), path);
    }
}
