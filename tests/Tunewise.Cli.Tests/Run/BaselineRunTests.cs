using System.Text.Json;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary><c>tunewise run</c> trains a baseline arm with ML.NET and reports it, in the ordinary (JIT) build.</summary>
public class BaselineRunTests
{
    [Fact]
    public void A_study_of_baseline_arms_runs_with_no_model_and_reports_the_question_before_the_first()
    {
        using var dir = new TempDirectory();
        string[] weather = ["will it rain today", "what is the forecast", "is it cold outside", "will it snow tomorrow"];
        string[] music = ["play some jazz", "skip this song", "put on my playlist", "turn the music up"];
        var rows = weather.Select(t => (t, "weather")).Concat(music.Select(t => (t, "music"))).Select((r, i) => $"r{i},{r.t},{r.Item2}");
        File.WriteAllText(dir.File("train.csv"), "id,text,label\n" + string.Join("\n", rows) + "\n");
        File.WriteAllText(dir.File("test.csv"), "id,text,label\nt1,will it rain on friday,weather\nt2,play my jazz playlist,music\n");
        File.WriteAllText(dir.File("study.yaml"), """
            name: baselines
            task: { kind: classification, train: train.csv, test: test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.5 }
            arms:
              - { name: logistic, baseline: logistic }
            """);

        var (exitCode, output) = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == 0, output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arm = report.RootElement.GetProperty("arms")[0];
        Assert.Equal("baseline:logistic", arm.GetProperty("model").GetString());
        Assert.Equal(1.0, arm.GetProperty("metrics").GetProperty("accuracy").GetProperty("value").GetDouble());
        Assert.Equal(8, arm.GetProperty("baseline").GetProperty("train_examples").GetInt32());
    }
}
