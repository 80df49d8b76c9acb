using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Models;

public class ModelCommandsTests
{
    private const string Key = "sk-clitest-9fQ2mW7xR4tY1uI8oP3a";

    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Models_list_shows_prices_with_sources()
    {
        var (exitCode, output) = Run("models", "list");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("openai:gpt-4o-mini", output);
        Assert.Contains("0.15", output);
        Assert.Contains("platform.openai.com", output);
        Assert.Contains("lab:tw-base", output);
        Assert.Contains("compute", output);
    }

    [Fact]
    public void Models_list_json_is_machine_readable()
    {
        var (exitCode, output) = Run("models", "list", "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        using var json = JsonDocument.Parse(output);
        var gpt4o = json.RootElement.EnumerateArray().Single(e => e.GetProperty("model").GetString() == "gpt-4o");
        Assert.Equal(2.50m, gpt4o.GetProperty("price").GetProperty("input_per_mtok").GetDecimal());
        Assert.Equal("https://platform.openai.com/docs/pricing", gpt4o.GetProperty("price").GetProperty("source").GetString());
        var lab = json.RootElement.EnumerateArray().Single(e => e.GetProperty("model").GetString() == "tw-base");
        Assert.Equal(JsonValueKind.Null, lab.GetProperty("price").ValueKind);
    }

    [Fact]
    public async Task Models_check_reports_latency_usage_and_cost_from_a_working_server()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { KnownModels = ["tw-echo"] });

        var (exitCode, output) = Run("models", "check", "openai-compatible:tw-echo", "--base-url", server.ApiBase);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(FaultyOpenAIServer.AnswerFor("Reply with the single word: ok"), output);
        Assert.Contains("latency", output);
        Assert.Contains("7 out", output);
        Assert.Contains("unknown", output);
    }

    [Fact]
    public async Task Models_check_raw_asks_in_completion_mode()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { KnownModels = ["tw-echo"] });

        var (exitCode, output) = Run("models", "check", "openai-compatible:tw-echo", "--base-url", server.ApiBase, "--raw");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(FaultyOpenAIServer.AnswerFor("The single word ok is"), output);
        Assert.Equal(1, server.TextCompletionRequests);
    }

    [Fact]
    public async Task Models_check_explains_a_rejected_key_without_showing_it()
    {
        const string variable = "TUNEWISE_CLI_TEST_KEY";
        Environment.SetEnvironmentVariable(variable, Key);
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { RequiredApiKey = "sk-the-right-one-0000000000" });

        var (exitCode, output) = Run("models", "check", "openai-compatible:tw-echo", "--base-url", server.ApiBase, "--api-key-env", variable);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("401", output);
        Assert.Contains(variable, output);
        Assert.DoesNotContain(Key[..8], output);
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task Models_check_explains_an_unknown_model()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { KnownModels = ["tw-echo"] });

        var (exitCode, output) = Run("models", "check", "openai-compatible:no-such-model", "--base-url", server.ApiBase);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("404", output);
        Assert.Contains("no-such-model", output);
    }

    [Fact]
    public void Models_check_explains_an_unreachable_host()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output) = Run("models", "check", "openai-compatible:tw-echo", "--base-url", $"http://127.0.0.1:{port}/v1");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("could not reach", output);
        Assert.Contains($"127.0.0.1:{port}", output);
    }

    [Fact]
    public void Models_check_with_an_unknown_provider_lists_the_known_ones()
    {
        var (exitCode, output) = Run("models", "check", "mystery:m");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("openai-compatible", output);
    }

    [Fact]
    public void Bench_faults_prints_the_error_share_and_time_ratio()
    {
        var (exitCode, output) = Run("bench", "faults", "-n", "40", "--rate", "0.2", "--concurrency", "4");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("error share with faults", output);
        Assert.Contains("time ratio", output);
    }
}
