using Microsoft.Data.Sqlite;
using Tunewise.Core.Tests.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Running;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Storage;

public class RetrievedDocumentsStoreTests
{
    private static StudyModels Models(TempDirectory dir) =>
        new(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, new SqliteResponseCache(dir.File("responses.db")), new SpendTracker(),
            new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

    [Fact]
    public async Task A_store_that_kept_retrieved_ids_in_the_prompt_text_still_opens_resumes_and_reports_the_same_recall()
    {
        using var dir = new TempDirectory();
        await using var server = await KnowledgeServer.StartAsync();
        var study = StudyLoader.Load(KnowledgeStudy.Write(dir, server.ApiBase, """
              - { name: zero-shot, model: m }
              - { name: rag, model: m, retrieval: { top_k: 2 } }
            """));
        var input = await StudyPreparation.PrepareAsync(study);
        var storePath = dir.File("runs.db");
        StudyReport first;
        await using (var store = await RunStore.OpenAsync(storePath))
        {
            var run = new StudyRun(store, Models(dir).Get);
            first = await run.RunAsync(input);
            await run.ExportAsync(first, study, dir.File("first"));
        }

        await using (var connection = new SqliteConnection($"Data Source={storePath};Pooling=False"))
        {
            await connection.OpenAsync();
            // This version keeps the retrieved ids in their own column, and the prompt as it was sent.
            await using (var check = connection.CreateCommand())
            {
                check.CommandText = "SELECT prompt, retrieved_json FROM results WHERE arm = 'rag' LIMIT 1";
                await using var row = await check.ExecuteReaderAsync();
                Assert.True(await row.ReadAsync());
                Assert.DoesNotContain(RetrievedDocuments.Marker, row.GetString(0), StringComparison.Ordinal);
                Assert.StartsWith("[\"", row.GetString(1), StringComparison.Ordinal);
            }
            // Rewrite the store as the previous schema (version 2) had it: the ids on the prompt's last line, no column.
            await using var rewrite = connection.CreateCommand();
            rewrite.CommandText = """
                UPDATE results SET prompt = prompt || char(10) || char(10) || '[retrieved documents: '
                    || replace(replace(replace(replace(retrieved_json, '["', ''), '"]', ''), '","', ' | '), '[]', '') || ']'
                WHERE retrieved_json IS NOT NULL;
                ALTER TABLE results DROP COLUMN retrieved_json;
                PRAGMA user_version = 2;
                """;
            await rewrite.ExecuteNonQueryAsync();
        }

        await using (var store = await RunStore.OpenAsync(storePath))
        {
            Assert.Equal(RunStore.LatestSchemaVersion, await store.GetSchemaVersionAsync());
            var run = new StudyRun(store, Models(dir).Get);
            var again = await run.RunAsync(input);
            await run.ExportAsync(again, study, dir.File("again"));

            var recall = again.Summary.Arms.Single(a => a.Name == "rag").Retrieval;
            Assert.NotNull(recall);
            Assert.Equal(KnowledgeStudy.Count, recall.RecallAtK.N);
            Assert.Equal(first.Summary.Arms.Single(a => a.Name == "rag").Retrieval, recall);
        }
        // Nothing was called again, and the per-example results read the same as before the rewrite.
        Assert.Equal(File.ReadAllText(dir.File("first/results.jsonl")), File.ReadAllText(dir.File("again/results.jsonl")));
        Assert.Contains("[retrieved documents: Zorblax", File.ReadAllText(dir.File("again/results.jsonl")), StringComparison.Ordinal);
    }
}
