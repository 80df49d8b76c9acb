using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Running;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Running;

/// <summary>Calls that failed transiently get one more round before their arm closes; only what fails twice is stored as an error.</summary>
public class TransientRoundTests
{
    [Fact]
    public async Task A_call_that_failed_transiently_is_tried_once_more_before_the_arm_closes()
    {
        var profile = new FaultProfile { Seed = 11, ServerErrorRate = 0.45 };
        var texts = Enumerable.Range(0, RunningStudy.TestCount).Select(RunningStudy.TestText).ToList();
        bool Fails(string text, int attempt) => FaultyOpenAIServer.FaultFor(profile, text, attempt) != InjectedFault.None;
        var recovers = texts.Where(t => Fails(t, 1) && !Fails(t, 2)).ToHashSet();
        var failsTwice = texts.Where(t => Fails(t, 1) && Fails(t, 2)).ToHashSet();
        Assert.NotEmpty(recovers); // the seed gives both kinds, so the test can fail
        Assert.NotEmpty(failsTwice);

        await using var server = await FaultyOpenAIServer.StartAsync(profile);
        using var dir = new TempDirectory();
        var study = StudyLoader.Load(RunningStudy.Write(dir, server.ApiBase));
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        // One request per call, so each round is one attempt at the server.
        var models = new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, cache: null, new SpendTracker(),
            new RetryOptions { MaxAttempts = 1 });
        var run = new StudyRun(store, models.Get, options: new RunnerOptions { Concurrency = 3, FailFastAfter = 1000 });

        var report = await run.RunAsync(input);

        var results = new List<ExampleResult>();
        await foreach (var result in store.ReadResultsAsync(report.Summary.RunId, "zero-shot"))
            results.Add(result);
        Assert.Equal(RunningStudy.TestCount, results.Count);
        var textOf = input.Split.Test.ToDictionary(e => e.Id, e => e.Fields["text"]);
        Assert.Equal(failsTwice.Order(), results.Where(r => r.Error is not null).Select(r => textOf[r.ExampleId]).Order());
        Assert.All(results.Where(r => recovers.Contains(textOf[r.ExampleId])), r => Assert.Null(r.Error));
        Assert.All(recovers.Concat(failsTwice), t => Assert.True(server.RequestsFor(t) >= 2, t));
    }
}
