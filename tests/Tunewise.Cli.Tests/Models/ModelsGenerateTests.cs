using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Models;

/// <summary><c>tunewise models generate</c>: one generation from any reference, the text alone on standard output.</summary>
public class ModelsGenerateTests
{
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 240;
        return (Program.Run(args, console), console.Output.ReplaceLineEndings("\n"));
    }

    // The console wraps long lines at word boundaries.
    private static string Flat(string output) => string.Join(' ', output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task An_openai_compatible_model_answers_with_its_text_alone_on_standard_output_and_usage_on_standard_error()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { KnownModels = ["tw-echo"] });
        const string prompt = "Name a colour of a flag.";

        var (exitCode, output) = Run("models", "generate", "openai-compatible:tw-echo", "--base-url", server.ApiBase, "--prompt", prompt, "--max-tokens", "32");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(FaultyOpenAIServer.AnswerFor(prompt) + "\n", output);

        var raw = Run("models", "generate", "openai-compatible:tw-echo", "--base-url", server.ApiBase, "--prompt", prompt, "--raw");
        Assert.Equal(ExitCodes.Ok, raw.ExitCode);
        Assert.Equal(FaultyOpenAIServer.AnswerFor(prompt) + "\n", raw.Output);
        Assert.Equal(1, server.TextCompletionRequests); // completion mode goes to /v1/completions

        // As its own process: standard output is the text, then standard error's one line of usage, latency and cost.
        using var dir = new TempDirectory();
        var run = await CliRun.RunProcessAsync(SelfProcess.Command(), dir.Path,
            ["models", "generate", "openai-compatible:tw-echo", "--base-url", server.ApiBase, "--prompt", prompt]);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(FaultyOpenAIServer.AnswerFor(prompt), lines[0]);
        Assert.Matches(@"^openai-compatible:tw-echo @ http://127\.0\.0\.1:\d+/v1: \d+ tokens in \(0 cached\), \d+ out; \d+ ms; cost unknown \(no price for this model\)$", lines[1]);
    }

    [Fact]
    public void Raw_generation_on_a_lab_checkpoint_is_lab_generate_raw_and_a_provider_without_completion_mode_is_refused_by_name()
    {
        using var temp = new TempDirectory();
        var model = temp.File("tiny");
        Assert.Equal(0, Program.Run(["lab", "init-random", model, "--layers", "1", "--dim", "32", "--seed", "7", "--tokenizer", "sentencepiece"], new TestConsole()));

        var raw = Run("models", "generate", "lab:" + model, "--raw", "--prompt", "hello world and yes", "--max-tokens", "8");
        var lab = Run("lab", "generate", model, "--raw", "--prompt", "hello world and yes", "--max-tokens", "8");
        var chat = Run("models", "generate", "lab:" + model, "--prompt", "hello world and yes", "--max-tokens", "8");
        var refused = Run("models", "generate", "anthropic:claude-3-5-haiku-latest", "--raw", "--prompt", "x");
        var badTemperature = Run("models", "generate", "lab:" + model, "--prompt", "x", "--temperature", "-1");

        Assert.Equal(ExitCodes.Ok, raw.ExitCode);
        Assert.Equal(lab.Output, raw.Output);
        Assert.Equal(ExitCodes.Ok, chat.ExitCode);
        Assert.NotEqual(raw.Output, chat.Output); // the chat template changes what the model continues
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("--raw (completion mode) is not available for provider 'anthropic': it needs lab, gguf, openai, openai-compatible", Flat(refused.Output));
        Assert.NotEqual(ExitCodes.Ok, badTemperature.ExitCode);
        Assert.Contains("--temperature must be between 0 and 2 (got -1)", Flat(badTemperature.Output));
    }
}
