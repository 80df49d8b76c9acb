using System.Text.Json;
using Tunewise.Cli.Commands.Lab;
using Tunewise.Cli.Commands.Planning;
using Tunewise.FineTuning.Planning;
using Tunewise.FineTuning.Running;
using Tunewise.Lab.Training;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Commands;

/// <summary>
/// <c>tunewise plan</c>, <c>tunewise lab train</c> and a study's fine-tuning arm, each left at its defaults, describe the
/// same training (docs/lab-fine-tuning.md, "Defaults").
/// </summary>
public class FineTuneDefaultsTests
{
    [Theory]
    [InlineData("lora")]
    [InlineData("qlora")]
    [InlineData("full")]
    public void Plan_lab_train_and_a_study_arm_left_at_their_defaults_agree(string method)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("test.csv"), "id,text,label\nt1,hello,yes\n");
        File.WriteAllText(dir.File("train.csv"), "id,text,label\nr1,hi,yes\n");
        var check = StudyLoader.Parse($$"""
            name: defaults
            task: { kind: classification, train: train.csv, test: test.csv, input: text, expected: label }
            models: { base: lab:tw-base }
            arms: [{ name: tuned, model: base, finetune: { method: {{method}} } }]
            """, "study.yaml", dir.Path);
        var study = check.GetStudyOrThrow();
        var armSpec = study.Arms.Single();
        var arm = LabFineTuneBackend.TrainingRequest(
            new FineTuneJob(armSpec.Name, study.ModelOf(armSpec), armSpec.FineTune!, "train.jsonl", null, dir.File("out"), 13),
            "base", "train.jsonl", dir.File("out"));
        var lab = LabTrainCommand.RequestFor(new LabTrainCommand.Settings { Model = "lab:tw-base", Data = "train.jsonl", Method = method, Out = dir.File("lab") });
        var plan = PlanCommand.RequestFor(new PlanSettings { Model = "llama-2-7b", Method = method });

        Assert.Equal(arm.Method, lab.Method);
        Assert.Equal(arm.Method, plan.Method);
        Assert.Equal(arm.Lora.Rank, lab.Lora.Rank);
        Assert.Equal(arm.Lora.Rank, plan.LoraRank);
        Assert.Equal(arm.Lora.Alpha, lab.Lora.Alpha);
        Assert.Equal(arm.Lora.Dropout, lab.Lora.Dropout);
        Assert.Equal(arm.Lora.Dropout, plan.LoraDropout);
        Assert.Equal(arm.Lora.TargetModules, lab.Lora.TargetModules);
        Assert.Equal(LoraTargets.Parse(string.Join(',', arm.Lora.TargetModules)), plan.LoraTargets);
        Assert.Equal(arm.Trainer.LearningRate, lab.Trainer.LearningRate);
        Assert.Equal(arm.Trainer.Epochs, lab.Trainer.Epochs);
        Assert.Equal(arm.Trainer.Epochs, plan.Epochs);
        Assert.Equal(arm.Trainer.BatchSize, lab.Trainer.BatchSize);

        // The documented values, so a change to them is a change to the docs too.
        Assert.Equal(16, arm.Lora.Rank);
        Assert.Equal(32, arm.Lora.Alpha);
        Assert.Equal(0.05, arm.Lora.Dropout);
        Assert.Equal(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], arm.Lora.TargetModules);
        Assert.Equal(method == "full" ? 1e-4 : 1e-3, arm.Trainer.LearningRate);
        Assert.Equal(3, arm.Trainer.Epochs);
    }

    [Fact]
    public void Plan_with_no_lora_options_prints_the_study_arm_defaults()
    {
        var (exit, output) = CliRun.Run("plan", "llama-2-7b", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("lora", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(FineTuneDefaults.Rank, json.RootElement.GetProperty("rank").GetInt32());
        Assert.Equal("all", json.RootElement.GetProperty("targets").GetString());
    }
}
