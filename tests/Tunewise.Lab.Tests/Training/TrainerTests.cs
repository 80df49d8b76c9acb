using Tunewise.Lab.Lora;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Training;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Training;

public class TrainerTests : TorchTest
{
    private static readonly TrainerOptions Fast = new()
    {
        Epochs = 100,
        MaxSteps = 200,
        BatchSize = 8,
        LearningRate = 3e-3,
        WarmupSteps = 10,
        EarlyStoppingPatience = null,
        Seed = 5,
    };

    [Theory]
    [InlineData("full")]
    [InlineData("lora")]
    [InlineData("qlora")]
    public void Two_hundred_steps_lower_the_loss(string method)
    {
        using var model = TinyCausalLm.Small();
        if (method != "full")
            LoraAdapter.Attach(model, new LoraOptions { Rank = 8, Alpha = 16, TargetModules = LoraOptions.AllProjections }, quantizeBase: method == "qlora");
        var options = method == "full" ? Fast with { LearningRate = 1e-3 } : Fast with { LearningRate = 1e-2 };
        var trainer = new Trainer(model, options);
        var data = TinyTask.Examples(64, seed: 1);
        var devBefore = trainer.Evaluate(TinyTask.Examples(16, seed: 2));

        var result = trainer.Train(data);

        Assert.Equal(200, result.Steps);
        Assert.Equal(200, result.LossCurve.Count);
        var first = result.LossCurve.Take(10).Average();
        var last = result.LossCurve.TakeLast(10).Average();
        Assert.True(last < 0.7 * first, $"{method}: loss went from {first:F3} to {last:F3}");
        Assert.True(trainer.Evaluate(TinyTask.Examples(16, seed: 2)) < devBefore);
    }

    [Fact]
    public void The_same_seed_gives_the_same_loss_curve()
    {
        float[] Run()
        {
            using var model = TinyCausalLm.Small();
            LoraAdapter.Attach(model, new LoraOptions { Rank = 4, Dropout = 0.1 });
            return [.. new Trainer(model, Fast with { MaxSteps = 20 }).Train(TinyTask.Examples(32, seed: 1)).LossCurve];
        }
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_killed_run_resumes_from_its_last_checkpoint_and_reproduces_the_loss_curve(bool lora)
    {
        using var directory = new TempDirectory();
        var data = TinyTask.Examples(40, seed: 1);
        var dev = TinyTask.Examples(8, seed: 2);
        var options = Fast with
        {
            Epochs = 6, MaxSteps = null, BatchSize = 4, GradientAccumulationSteps = 2, CheckpointEverySteps = 7,
            EarlyStoppingPatience = 10, LearningRate = 3e-3,
        };

        TinyCausalLm Model()
        {
            var model = TinyCausalLm.Small();
            if (lora) LoraAdapter.Attach(model, new LoraOptions { Rank = 4, Dropout = 0.1 });
            return model;
        }

        TrainingResult uninterrupted;
        using (var model = Model()) uninterrupted = new Trainer(model, options).Train(data, dev);

        var checkpointed = options with { CheckpointDirectory = directory.Path };
        using (var model = Model())
        using (var kill = new CancellationTokenSource())
        {
            // Stops after step 17 of 30: the newest checkpoint is step 15 (every dev evaluation, here each epoch's end at
            // 5, 10, 15, is checkpointed besides every 7th step), so steps 16-17 are lost, as in a crash.
            Assert.Throws<OperationCanceledException>(() =>
                new Trainer(model, checkpointed).Train(data, dev, step => { if (step.Step == 17) kill.Cancel(); }, kill.Token));
        }

        TrainingResult resumed;
        using (var model = Model()) resumed = new Trainer(model, checkpointed with { Resume = true }).Train(data, dev);

        Assert.Equal(15, resumed.ResumedFromStep);
        Assert.Equal(uninterrupted.Steps, resumed.Steps);
        Assert.Equal(uninterrupted.LossCurve.Count, resumed.LossCurve.Count);
        for (var i = 0; i < uninterrupted.LossCurve.Count; i++)
            Assert.True(Math.Abs(uninterrupted.LossCurve[i] - resumed.LossCurve[i]) <= 1e-5, $"step {i + 1}: {uninterrupted.LossCurve[i]} vs {resumed.LossCurve[i]}");
        Assert.Equal(uninterrupted.DevLosses.Count, resumed.DevLosses.Count);
        for (var i = 0; i < uninterrupted.DevLosses.Count; i++)
            Assert.True(Math.Abs(uninterrupted.DevLosses[i] - resumed.DevLosses[i]) <= 1e-5);
    }

    [Fact]
    public void Dev_loss_that_stops_improving_ends_training_early()
    {
        using var model = TinyCausalLm.Small();
        // A dev set with answers the training data contradicts: its loss rises as training fits the task.
        var dev = TinyTask.Examples(8, seed: 2)
            .Select(e => e with { Labels = e.Labels.Select(l => l == TokenizedExample.IgnoreLabel ? l : 31 - l % 30).ToArray() }).ToList();
        var result = new Trainer(model, Fast with { Epochs = 30, MaxSteps = null, EarlyStoppingPatience = 2, LearningRate = 3e-3 })
            .Train(TinyTask.Examples(32, seed: 1), dev);
        Assert.True(result.StoppedEarly);
        Assert.True(result.DevLosses.Count < 30);
    }

    [Fact]
    public void Only_answer_tokens_carry_loss()
    {
        var example = TokenizedExample.FromPromptAndAnswer([5, 6, 7], [8, 9]);
        Assert.Equal([5L, 6, 7, 8, 9], example.InputIds);
        Assert.Equal([-100L, -100, -100, 8, 9], example.Labels);
        Assert.Equal(2, example.AnswerTokenCount);
    }

    [Fact]
    public void Warmup_rises_linearly_then_cosine_decays_to_the_floor()
    {
        Assert.Equal(0.1, LearningRateSchedule.WarmupCosine(0, 100, 10, 1.0), 9);
        Assert.Equal(1.0, LearningRateSchedule.WarmupCosine(9, 100, 10, 1.0), 9);
        Assert.Equal(1.0, LearningRateSchedule.WarmupCosine(10, 100, 10, 1.0), 9);
        Assert.Equal(0.55, LearningRateSchedule.WarmupCosine(55, 100, 10, 1.0), 9);
        Assert.Equal(0.1, LearningRateSchedule.WarmupCosine(100, 100, 10, 1.0), 9);
    }

    [Fact]
    public void Memory_does_not_grow_across_a_hundred_training_steps()
    {
        using var model = TinyCausalLm.Small();
        LoraAdapter.Attach(model, new LoraOptions { Rank = 4 }, quantizeBase: true);
        var data = TinyTask.Examples(64, seed: 1);
        var trainer = new Trainer(model, Fast with { MaxSteps = 130 });
        long afterWarmup = 0, atEnd = 0;
        trainer.Train(data, onStep: step =>
        {
            if (step.Step == 30) afterWarmup = Resident();
            if (step.Step == 130) atEnd = Resident();
        });
        var growthKb = atEnd - afterWarmup;
        Assert.True(growthKb < 20_000, $"RSS grew by {growthKb} kB over 100 steps");
    }

    private static long Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return ProcessMemory.ResidentKilobytes();
    }

    [Fact]
    public void The_data_order_is_pinned_to_the_seed_and_epoch_so_every_process_trains_the_same_model()
    {
        // Pinned values: an order derived from a per-process hash (HashCode) would differ in every run of the tests.
        Assert.Equal([0, 4, 1, 8, 10, 7, 5, 2, 6, 11, 3, 9], Trainer.EpochOrder(13, 12, 0));
        Assert.Equal([7, 9, 8, 2, 3, 11, 4, 5, 6, 10, 1, 0], Trainer.EpochOrder(13, 12, 1));
        Assert.NotEqual(Trainer.EpochOrder(13, 12, 0), Trainer.EpochOrder(14, 12, 0));
    }
}
