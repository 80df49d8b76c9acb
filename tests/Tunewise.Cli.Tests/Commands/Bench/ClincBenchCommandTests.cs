using System.Text.Json;
using System.Text.RegularExpressions;
using Tunewise.Lab.Checkpoints;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Commands.Bench;

/// <summary><c>tunewise bench clinc --quick</c> on the shared CLINC150 data, with tiny lab checkpoints standing in for tw-base and tw-small.</summary>
public sealed class ClincBenchCommandTests
{
    [Fact]
    public void Quick_runs_every_arm_of_the_benchmark_and_prints_accuracy_wall_time_the_target_and_the_fine_tuned_bar()
    {
        using var dir = new TempDirectory();
        RandomCheckpoint.Write(dir.File("tiny"), layers: 1, hiddenSize: 32, seed: 3);

        var (exitCode, output) = CliRun.Run("bench", "clinc", "--quick", "--data", Repository.Path("examples", "clinc150", "data"), "--out", dir.File("bench"),
            "--base-model", "lab:" + dir.File("tiny"), "--small-model", "lab:" + dir.File("tiny"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.Contains("CLINC150 (quick): 36 training and 12 test examples, 6 intents", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("bench/report/report.json")));
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["zero-shot", "nearest-8-shot", "lora-base", "full-small", "logistic"], arms.Select(a => a.GetProperty("name").GetString()));
        foreach (var arm in arms)
        {
            var name = arm.GetProperty("name").GetString()!;
            // Every arm is printed with its accuracy and CI (or its not-run reason) and a wall time.
            if (arm.GetProperty("status").GetString() == "not_run")
                Assert.Matches(new Regex(Regex.Escape(name) + @"\s.*not run", RegexOptions.Multiline), output);
            else
                Assert.Matches(new Regex(Regex.Escape(name) + @" .*\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] n=12 *│ *\d+\.\d\s*$", RegexOptions.Multiline), output);
        }
        Assert.Matches(@"Whole study: \d+\.\d min against the 40-minute target: (within|over)\.", output);
        Assert.Matches(@"Best fine-tuned arm: (lora-base|full-small), accuracy \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]: (reaches|does not reach) 0\.70\.", output);
        // The study it ran has every arm with its defaults, and a quick run caps training at two steps.
        var study = File.ReadAllText(dir.File("bench/study.yaml"));
        Assert.Contains("{ name: nearest-8-shot, model: base, prompt: { few_shot: 8, select: nearest } }", study, StringComparison.Ordinal);
        Assert.Contains("{ name: logistic, baseline: logistic }", study, StringComparison.Ordinal);
        Assert.All(arms.Where(a => a.GetProperty("kind").GetString() == "finetune"), a => Assert.Equal(2, a.GetProperty("fine_tune").GetProperty("steps").GetInt32()));
    }

    [Fact]
    public void A_data_folder_without_the_csv_files_is_refused_naming_the_option()
    {
        using var dir = new TempDirectory();

        var (exitCode, output) = CliRun.Run("bench", "clinc", "--quick", "--data", dir.Path);

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains("--data", output, StringComparison.Ordinal);
        Assert.Contains("train.csv", output, StringComparison.Ordinal);
    }
}
