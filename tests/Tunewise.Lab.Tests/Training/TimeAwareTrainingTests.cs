using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Training;
using Tunewise.Progress;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Training;

/// <summary>Early stopping that keeps the best weights, step and time budgets, and the time left in the progress.</summary>
public class TimeAwareTrainingTests : TorchTest
{
    private static readonly TrainerOptions Options = new()
    {
        Epochs = 30,
        BatchSize = 8,
        LearningRate = 3e-3,
        WarmupSteps = 2,
        EarlyStoppingPatience = 2,
        EvaluationsPerEpoch = 2,
        Seed = 5,
    };

    // A dev set whose answers the training data contradict: its loss falls at first (the format is learnt), then rises.
    private static List<TokenizedExample> ContradictingDev() => TinyTask.Examples(8, seed: 2)
        .Select(e => e with { Labels = e.Labels.Select(l => l == TokenizedExample.IgnoreLabel ? l : 31 - l % 30).ToArray() }).ToList();

    [Fact]
    public void Early_stopping_ends_with_the_weights_of_the_best_dev_loss_not_the_last_step()
    {
        var train = TinyTask.Examples(32, seed: 1);
        var dev = ContradictingDev();
        using var model = TinyCausalLm.Small();
        var trainer = new Trainer(model, Options);

        var result = trainer.Train(train, dev);

        Assert.Equal(TrainingStopReason.EarlyStopping, result.StopReason);
        Assert.Equal(4 * 30, result.PlannedSteps);
        Assert.True(result.Steps < result.PlannedSteps);
        // Two evaluations an epoch of four steps: after steps 2, 4, 6, ...
        Assert.Equal(Enumerable.Range(1, result.DevLosses.Count).Select(i => 2 * i), result.DevLossSteps);
        var best = result.DevLosses.Min();
        Assert.Equal(result.DevLossSteps![result.DevLosses.ToList().IndexOf(best)], result.BestStep);
        Assert.True(result.BestStep < result.Steps);
        // The model holds the best evaluation's weights: its dev loss is the best one measured, not the last.
        Assert.Equal(best, trainer.Evaluate(dev), 4);
        Assert.True(result.DevLosses[^1] > best + 1e-3);
    }

    [Fact]
    public void Without_keeping_the_best_the_model_ends_with_its_last_weights()
    {
        using var model = TinyCausalLm.Small();
        var dev = ContradictingDev();
        var trainer = new Trainer(model, Options with { KeepBestByDevLoss = false });
        var result = trainer.Train(TinyTask.Examples(32, seed: 1), dev);
        Assert.Equal(result.DevLosses[^1], trainer.Evaluate(dev), 4);
    }

    [Fact]
    public void A_step_budget_stops_training_and_says_so()
    {
        using var model = TinyCausalLm.Small();
        var result = new Trainer(model, Options with { Epochs = 3, MaxSteps = 5 }).Train(TinyTask.Examples(32, seed: 1), TinyTask.Examples(8, seed: 2));
        Assert.Equal(TrainingStopReason.StepBudget, result.StopReason);
        Assert.Equal(5, result.Steps);
        Assert.Equal(12, result.PlannedSteps);
        // Evaluated after steps 2 and 4, and once more at the budget's last step.
        Assert.Equal([2, 4, 5], result.DevLossSteps);
    }

    [Fact]
    public void A_time_budget_stops_training_and_says_so()
    {
        using var model = TinyCausalLm.Small();
        var result = new Trainer(model, Options with { Epochs = 1000, EarlyStoppingPatience = null, MaxDuration = TimeSpan.FromMilliseconds(300) })
            .Train(TinyTask.Examples(32, seed: 1));
        Assert.Equal(TrainingStopReason.TimeBudget, result.StopReason);
        Assert.InRange(result.Steps, 1, result.PlannedSteps - 1);
        Assert.InRange(result.TrainingSeconds, 0.3, 30);
    }

    [Fact]
    public void All_planned_steps_done_is_completed()
    {
        using var model = TinyCausalLm.Small();
        var result = new Trainer(model, Options with { Epochs = 2, EarlyStoppingPatience = null }).Train(TinyTask.Examples(32, seed: 1));
        Assert.Equal(TrainingStopReason.Completed, result.StopReason);
        Assert.Equal(8, result.Steps);
        Assert.Null(result.BestStep);
    }

    [Fact]
    public void A_finished_run_resumed_from_its_checkpoint_trains_no_further_and_keeps_the_best_weights()
    {
        using var directory = new TempDirectory();
        var train = TinyTask.Examples(32, seed: 1);
        var dev = ContradictingDev();
        var options = Options with { CheckpointDirectory = directory.Path, Resume = true };
        TrainingResult first;
        float firstDevLoss;
        using (var model = TinyCausalLm.Small())
        {
            var trainer = new Trainer(model, options);
            first = trainer.Train(train, dev);
            firstDevLoss = trainer.Evaluate(dev);
        }
        Assert.Equal(TrainingStopReason.EarlyStopping, first.StopReason);

        var steps = 0;
        using (var model = TinyCausalLm.Small())
        {
            var trainer = new Trainer(model, options);
            var again = trainer.Train(train, dev, _ => steps++);
            Assert.Equal(0, steps);
            Assert.Equal(first.Steps, again.Steps);
            Assert.Equal(first.Steps, again.ResumedFromStep);
            Assert.Equal(TrainingStopReason.EarlyStopping, again.StopReason);
            Assert.Equal(first.BestStep, again.BestStep);
            Assert.Equal(first.DevLosses, again.DevLosses);
            // The fresh model got the best weights back from the checkpoint, not the last step's.
            Assert.Equal(firstDevLoss, trainer.Evaluate(dev), 4);
            Assert.Equal(again.DevLosses.Min(), trainer.Evaluate(dev), 4);
        }
    }

    [Fact]
    public void The_progress_states_the_time_left()
    {
        using var model = TinyCausalLm.Small();
        var progress = new RecordingProgress();
        new Trainer(model, Options with { Epochs = 3, EarlyStoppingPatience = null }, progress).Train(TinyTask.Examples(32, seed: 1));
        Assert.Contains(progress.Descriptions, d => d.StartsWith("Training: step 2/12", StringComparison.Ordinal) && d.Contains(" left", StringComparison.Ordinal));
        Assert.Contains("Training: step 12/12", progress.Descriptions[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(" left", progress.Descriptions[^1], StringComparison.Ordinal);

        var budgeted = new RecordingProgress();
        using var second = TinyCausalLm.Small();
        new Trainer(second, Options with { Epochs = 1000, EarlyStoppingPatience = null, MaxDuration = TimeSpan.FromSeconds(1) }, budgeted).Train(TinyTask.Examples(32, seed: 1));
        Assert.Contains(budgeted.Descriptions, d => d.EndsWith("left (time budget)", StringComparison.Ordinal));
    }

    private sealed class RecordingProgress : IProgressReporter, IProgressTask
    {
        public List<string> Descriptions { get; } = [];

        public IProgressTask Start(string description, double total) => this;

        public void Increment(double amount = 1) { }

        public void Describe(string description) => Descriptions.Add(description);

        public void Dispose() { }
    }
}
