using System.Text.Json;
using Tunewise.Core.Tests.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Running;
using Tunewise.Reports.Exporters;
using Tunewise.Reports;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Robustness;

public class RobustnessStageTests
{
    [Fact]
    public async Task A_robustness_section_perturbs_every_prompting_arm_within_budget_and_is_not_recomputed_on_resume()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var path = RunningStudy.Write(dir, server.ApiBase);
        File.AppendAllText(path, "\nrobustness: { perturbations: [separator, case], variants: 2, max_calls: 60 }\n");
        var study = StudyLoader.Load(path);
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        var models = new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path },
            new SqliteResponseCache(dir.File("responses.db")), new SpendTracker());

        var report = await new StudyRun(store, models.Get).RunAsync(input);
        var afterFirst = server.TotalRequests;
        var again = await new StudyRun(store, models.Get).RunAsync(input);

        foreach (var arm in report.Summary.Arms)
        {
            Assert.NotNull(arm.Robustness);
            using var robustness = JsonDocument.Parse(arm.Robustness!.ToJson());
            var root = robustness.RootElement;
            Assert.Equal(3, root.GetProperty("variants").GetArrayLength());
            Assert.True(root.GetProperty("calls").GetInt32() <= 60);
            var spread = root.GetProperty("spread").GetProperty("value").GetDouble();
            Assert.InRange(spread, 0, 1);
        }

        // 2 arms × 20 test examples, then at most 2 arms × 3 variants × 20 examples for robustness:
        // prompts the two arms share are answered from the response cache, never paid twice.
        Assert.InRange(afterFirst, 2 * RunningStudy.TestCount + 3 * RunningStudy.TestCount, 2 * RunningStudy.TestCount + 2 * 3 * RunningStudy.TestCount);
        Assert.Equal(afterFirst, server.TotalRequests);
        Assert.All(again.Summary.Arms, a => Assert.NotNull(a.Robustness));
        var markdown = MarkdownReportExporter.Render(report);
        Assert.Contains("## Robustness", markdown);
        Assert.Contains("| zero-shot | 3 |", markdown);
    }
}
