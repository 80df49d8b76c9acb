using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Models;
using Tunewise.Models.Middleware;

namespace Tunewise.Cli.Commands.Models;

/// <summary>
/// <c>tunewise models generate REF --prompt TEXT</c>: one generation from any model reference, greedy unless a temperature
/// is given; with <c>--raw</c>, in completion mode (plain text, no chat template). The text goes to standard output, alone
/// (so it can be piped); usage, latency and cost go to standard error.
/// </summary>
public sealed class ModelsGenerateCommand(IAnsiConsole console) : AsyncCommand<ModelsGenerateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelsGenerateSettings settings, CancellationToken cancellationToken)
    {
        var reference = settings.ResolveReference();
        var client = settings.Client(reference, new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(500), MaxRetryAfter = TimeSpan.FromSeconds(20) });
        try
        {
            var options = new ChatOptions { MaxOutputTokens = settings.MaxTokens, Temperature = (float)settings.Temperature };
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, settings.Prompt!)],
                settings.Raw ? options.WithRawCompletion() : options, cancellationToken).ConfigureAwait(false);
            console.Profile.Out.Writer.Write(response.Text + Environment.NewLine);
            var call = response.GetCallRecord()!;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{reference}{(settings.Raw ? " (raw)" : "")}: {call.InputTokens} tokens in ({call.CachedInputTokens} cached), {call.OutputTokens} out{(call.UsageEstimated ? " (estimated)" : "")}; " +
                $"{call.Latency.TotalMilliseconds:0} ms; cost {(call.CostUsd is { } cost ? "$" + cost.ToString("0.########", CultureInfo.InvariantCulture) : "unknown (no price for this model)")}"));
            return ExitCodes.Ok;
        }
        catch (ModelCallException ex)
        {
            console.MarkupLineInterpolated($"[red]failed:[/] {ModelsCheckCommand.Reason(ex, reference)}");
            return ExitCodes.InvalidInput;
        }
    }
}
