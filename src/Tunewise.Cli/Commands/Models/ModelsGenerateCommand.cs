using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Cli.Commands.Lab;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Runtime;
using Tunewise.Models;
using Tunewise.Models.Middleware;

namespace Tunewise.Cli.Commands.Models;

/// <summary>
/// <c>tunewise models generate REF --prompt TEXT</c>: one generation from any model reference, greedy unless a temperature
/// is given. The text goes to standard output, alone (so it can be piped); usage, latency and cost go to standard error.
/// </summary>
public sealed class ModelsGenerateCommand(IAnsiConsole console) : AsyncCommand<ModelsGenerateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelsGenerateSettings settings, CancellationToken cancellationToken)
    {
        var reference = ModelReference.Parse(settings.Reference);
        reference = reference with
        {
            BaseUrl = settings.BaseUrl ?? reference.BaseUrl,
            ApiKeyEnv = settings.ApiKeyEnv ?? reference.ApiKeyEnv,
        };
        if (settings.Raw)
            return RawGeneration(reference, settings, cancellationToken);

        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
        var client = ModelPipelineBuilder.For(reference, CliModelProviders.CreateRegistry())
            .WithRetry(new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(500), MaxRetryAfter = TimeSpan.FromSeconds(20) })
            .WithTimeout(new AdaptiveTimeout(new AdaptiveTimeoutOptions { Floor = timeout, Initial = timeout, Ceiling = timeout }))
            .Build();
        try
        {
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, settings.Prompt!)],
                new ChatOptions { MaxOutputTokens = settings.MaxTokens, Temperature = (float)settings.Temperature }, cancellationToken).ConfigureAwait(false);
            console.Profile.Out.Writer.Write(response.Text + Environment.NewLine);
            var call = response.GetCallRecord()!;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{reference}: {call.InputTokens} tokens in ({call.CachedInputTokens} cached), {call.OutputTokens} out{(call.UsageEstimated ? " (estimated)" : "")}; " +
                $"{call.Latency.TotalMilliseconds:0} ms; cost {(call.CostUsd is { } cost ? "$" + cost.ToString("0.########", CultureInfo.InvariantCulture) : "unknown (no price for this model)")}"));
            return ExitCodes.Ok;
        }
        catch (ModelCallException ex)
        {
            console.MarkupLineInterpolated($"[red]failed:[/] {ModelsCheckCommand.Reason(ex, reference)}");
            return ExitCodes.InvalidInput;
        }
    }

    // Completion mode: the lab engine encodes the text as its tokenizer does (transformers' tokenizer(text)).
    private int RawGeneration(ModelReference reference, ModelsGenerateSettings settings, CancellationToken cancellationToken)
    {
        if (reference.Provider != "lab")
            throw new UserInputException(
                $"--raw (completion mode, no chat template) is available for lab: models; '{reference}' is asked through its provider's chat API, with its chat template. Leave out --raw.");
        var clock = Stopwatch.StartNew();
        var result = LabGenerateCommand.Generate(reference.Model, LabCompute.Default, settings.Prompt!, raw: true,
            new GenerationOptions { MaxNewTokens = settings.MaxTokens, Temperature = settings.Temperature }, cancellationToken);
        console.Profile.Out.Writer.Write(result.Text + Environment.NewLine);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{reference} (raw): {result.PromptTokens} tokens in, {result.Tokens.Count} out ({result.FinishReason}); {clock.Elapsed.TotalMilliseconds:0} ms with loading; cost: this machine's compute"));
        return ExitCodes.Ok;
    }
}
