using Tunewise.FineTuning.Running;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.FineTuning.Running;

public class FineTuneReportTests
{
    private static FineTuneOutcome Outcome(double[] before, double[] after) => new()
    {
        Backend = "lab",
        ModelReference = "lab:/models/tuned",
        Method = "lora",
        TrainExamples = 10,
        Forgetting = new ForgettingScores("suite", before.Select((_, i) => $"i{i}").ToList(), before, after),
    };

    [Fact]
    public void Forgetting_is_the_paired_difference_tuned_minus_base_with_an_interval_around_it()
    {
        // 20 items: the base knows 15, the tuned model keeps 9 of them and learns none new.
        var before = Enumerable.Range(0, 20).Select(i => i < 15 ? 1.0 : 0.0).ToArray();
        var after = Enumerable.Range(0, 20).Select(i => i < 9 ? 1.0 : 0.0).ToArray();

        var forgetting = FineTuneStage.Summarize(Outcome(before, after)).Forgetting!;

        Assert.Equal(20, forgetting.Items);
        Assert.Equal(0.75, forgetting.Base, 9);
        Assert.Equal(0.45, forgetting.Tuned, 9);
        Assert.Equal(-0.30, forgetting.Delta, 9);
        Assert.True(forgetting.CiLow < -0.30 && forgetting.CiHigh > -0.30 && forgetting.CiHigh < 0);
        Assert.True(forgetting.PValue < 0.05);
    }

    [Fact]
    public void No_forgetting_scores_means_no_forgetting_report()
    {
        var outcome = Outcome([], []) with { Forgetting = null };

        Assert.Null(FineTuneStage.Summarize(outcome).Forgetting);
    }

    [Fact]
    public void The_tuned_model_keeps_the_base_models_endpoint_price_and_limits()
    {
        var baseModel = new ModelSpec("base", "lab", "tw-base", BaseUrl: "http://127.0.0.1:1", Price: new ModelPrice(1, 2),
            Limits: new ModelLimits { Concurrency = 2, TimeoutFloor = TimeSpan.FromSeconds(3) });

        var tuned = FineTuneStage.TunedModel(new ArmSpec { Name = "lora", Model = "base" }, baseModel, Outcome([1], [1]));

        Assert.Equal("lab", tuned.Provider);
        Assert.Equal("/models/tuned", tuned.Model);
        Assert.Equal("lora#tuned", tuned.Name);
        Assert.Equal(baseModel.Price, tuned.Price);
        Assert.Equal(baseModel.BaseUrl, tuned.BaseUrl);
        Assert.Equal(baseModel.Limits, tuned.Limits);
    }
}
