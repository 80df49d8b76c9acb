using System.Text;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary>
/// A study that only calls an HTTP model runs in its own <c>tunewise</c> process here, as a user runs it, so what the
/// process loads can be checked: none of the lab, GGUF, retrieval or tokenizer machinery it does not use.
/// </summary>
public class LeanRunTests
{
    [Fact]
    public async Task A_study_against_an_http_model_loads_neither_torchsharp_nor_llamasharp_nor_lucene_nor_the_tokenizer_vocabulary()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var test = new StringBuilder();
        for (var i = 0; i < 20; i++)
            test.Append($$"""{"id":"t{{i}}","text":"request number {{i}}","label":"x"}""").Append('\n');
        File.WriteAllText(dir.File("test.jsonl"), test.ToString());
        File.WriteAllText(dir.File("study.yaml"), $$"""
            name: lean
            task: { kind: generation, test: test.jsonl, input: text, expected: label }
            models:
              m: { provider: openai-compatible, base_url: {{server.ApiBase}}, model: m, price: { input_per_mtok: 1, output_per_mtok: 2 } }
            arms:
              - { name: plain, model: m, prompt: { template: "{{"{{"}}text{{"}}"}}" } }
            metrics: [exact_match]
            """);
        var run = await CliRun.RunProcessAsync(SelfProcess.Command(), dir.Path, ["run", "study.yaml", "--out", "out", "--store", "runs.db"]);

        Assert.True(run.ExitCode == ExitCodes.Ok, $"exit {run.ExitCode}: {run.Output}");
        Assert.Equal(20, File.ReadAllLines(Path.Combine(dir.Path, "out", "results.jsonl")).Length);
        var assemblies = run.Modules;
        Assert.Contains("Tunewise.Core", assemblies);
        Assert.DoesNotContain("TorchSharp", assemblies);
        Assert.DoesNotContain("LLamaSharp", assemblies);
        Assert.DoesNotContain("Lucene.Net", assemblies);
        Assert.Contains(assemblies, name => name.StartsWith("libc.so", StringComparison.Ordinal));
        Assert.DoesNotContain("libtorch_cpu.so", assemblies);
        Assert.DoesNotContain("libLibTorchSharp.so", assemblies);
        Assert.DoesNotContain("libllama.so", assemblies);
        // Usage comes back from the server and there is no budget or token rate limit, so no token is counted locally.
        Assert.DoesNotContain("Microsoft.ML.Tokenizers.Data.O200kBase", assemblies);
    }
}
