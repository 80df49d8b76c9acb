using System.Text;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Running;

/// <summary>
/// A small study against <see cref="FaultyOpenAIServer"/>. The server answers AnswerFor(last user message),
/// so the zero-shot arm (template "{{text}}") is right exactly on the test rows whose label was set to that
/// answer (every even row), and the few-shot arm, whose prompt differs, is never right.
/// </summary>
internal static class RunningStudy
{
    public const int TestCount = 20;
    public const int TrainCount = 12;

    public static string TestText(int i) => $"test request number {i} about topic {i % 3}";

    public static string Write(TempDirectory dir, string apiBase, string extraArms = "")
    {
        var train = new StringBuilder("id,text,label\n");
        for (var i = 0; i < TrainCount; i++)
            train.Append($"tr{i},training request {i} about topic {i % 3},label-{i % 3}\n");
        var test = new StringBuilder("id,text,label\n");
        for (var i = 0; i < TestCount; i++)
            test.Append($"te{i},{TestText(i)},{(i % 2 == 0 ? FaultyOpenAIServer.AnswerFor(TestText(i)) : "wrong")}\n");
        File.WriteAllText(dir.File("train.csv"), train.ToString());
        File.WriteAllText(dir.File("test.csv"), test.ToString());
        var yaml = $$$"""
            name: runner-study
            task:
              kind: generation
              train: train.csv
              test: test.csv
              input: text
              expected: label
            requirement: { metric: exact_match, target: 0.9 }
            models:
              echo: { provider: openai-compatible, base_url: {{{apiBase}}}, model: tw-echo }
            arms:
              - { name: zero-shot, model: echo, prompt: { template: "{{text}}" } }
              - { name: few-shot, model: echo, prompt: { template: "{{text}}", few_shot: 2, select: nearest } }
            {{{extraArms}}}
            metrics: [exact_match, token_f1]
            """;
        var path = dir.File("study.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
