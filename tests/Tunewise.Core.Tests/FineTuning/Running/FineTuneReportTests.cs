using Tunewise.FineTuning.Running;
using Tunewise.Results;
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

    [Fact]
    public void A_lab_model_tuned_from_a_lab_base_is_evaluated_on_the_bases_device_and_dtype()
    {
        var arm = new ArmSpec { Name = "full", Model = "base" };
        var labBase = new ModelSpec("base", "lab", "qwen", Device: "auto", DType: "bf16");

        var tuned = FineTuneStage.TunedModel(arm, labBase, "lab:/models/tuned");
        var elsewhere = FineTuneStage.TunedModel(arm, new ModelSpec("base", "openai", "gpt-4o-mini"), "openai:ft:gpt-4o-mini:team::abc");

        Assert.Equal(("auto", "bf16"), (tuned.Device, tuned.DType));
        Assert.Equal(((string?)null, (string?)null), (elsewhere.Device, elsewhere.DType));
    }

    [Fact]
    public void Without_a_dev_split_a_seeded_tenth_of_train_is_held_out_and_not_trained_on()
    {
        var train = Enumerable.Range(0, 500).Select(i => new Tunewise.Data.Example($"ex{i:D3}", new Dictionary<string, string>(), new Tunewise.Data.SourceLocation("train.jsonl", i + 1))).ToList();

        var (kept, dev, source) = FineTuneStage.CarveDev(train, seed: 7);

        Assert.Equal(FineTuneDevSources.Carved, source);
        Assert.Equal(50, dev.Count);
        Assert.Equal(450, kept.Count);
        Assert.Empty(kept.Select(e => e.Id).Intersect(dev.Select(e => e.Id)));
        // Seeded: the same examples on every run, whatever order the data came in; another seed holds out others.
        Assert.Equal(dev.Select(e => e.Id).Order(), FineTuneStage.CarveDev([.. Enumerable.Reverse(train)], seed: 7).Dev.Select(e => e.Id).Order());
        Assert.NotEqual(dev.Select(e => e.Id).Order(), FineTuneStage.CarveDev(train, seed: 8).Dev.Select(e => e.Id).Order());
        // Not simply the first ids.
        Assert.NotEqual(train.Take(50).Select(e => e.Id), dev.Select(e => e.Id).Order());
    }

    [Fact]
    public void A_large_dev_split_is_sampled_down_by_the_seed()
    {
        var dev = Enumerable.Range(0, 1000).Select(i => new Tunewise.Data.Example($"dv{i:D4}", new Dictionary<string, string>(), new Tunewise.Data.SourceLocation("dev.jsonl", i + 1))).ToList();
        var sample = FineTuneStage.Sample(dev, FineTuneDefaults.MaxDevExamples, seed: 13);
        Assert.Equal(200, sample.Count);
        Assert.Equal(200, sample.Select(e => e.Id).Distinct().Count());
        Assert.Equal(sample.Select(e => e.Id), FineTuneStage.Sample(dev, 200, seed: 13).Select(e => e.Id));
    }

    [Theory]
    [InlineData(19, 0)]
    [InlineData(20, 2)]
    [InlineData(300, 30)]
    [InlineData(10_000, 200)]
    public void The_held_out_share_is_a_tenth_capped_and_none_for_tiny_sets(int trainExamples, int held) =>
        Assert.Equal(held, FineTuneDefaults.DevExamplesFor(trainExamples));
}
