using Tunewise.Core.Tests.Running;
using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Reports;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Running;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Reports;

/// <summary>
/// A real run written by the default exporters: the <see cref="RunningStudy"/> against a local
/// OpenAI-compatible server, with a price, a monthly volume and a robustness section, so every section of
/// the reports has data.
/// </summary>
internal static class ReportFixture
{
    public static async Task<(StudyReport Report, string OutDir)> RunAsync(TempDirectory dir, IReadOnlyList<MetricGate>? gates = null, string? extra = null)
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        var path = RunningStudy.Write(dir, server.ApiBase);
        var yaml = File.ReadAllText(path)
            .Replace("model: tw-echo }", "model: tw-echo, price: { input_per_mtok: 0.5, output_per_mtok: 1.5 } }", StringComparison.Ordinal);
        yaml += "\nvolume: { queries_per_month: 2000000 }\nrobustness: { perturbations: [separator, case], variants: 2, max_calls: 60 }\n" + extra;
        File.WriteAllText(path, yaml);
        var study = StudyLoader.Load(path);
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        var models = new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path },
            new SqliteResponseCache(dir.File("responses.db")), new SpendTracker());
        var run = new StudyRun(store, models.Get, options: new RunnerOptions { Concurrency = 4 });
        var report = await run.RunAsync(input);
        var outDir = dir.File("out");
        await run.ExportAsync(report, study, outDir, gates);
        return (report, outDir);
    }
}
