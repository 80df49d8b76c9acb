using System.Globalization;
using Microsoft.Extensions.AI;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Models;
using Tunewise.Models.Middleware;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsCheckCommand(IAnsiConsole console) : AsyncCommand<ModelsCheckSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ModelsCheckSettings settings, CancellationToken cancellationToken)
    {
        var reference = settings.ResolveReference();
        var client = settings.Client(reference, new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(200), MaxRetryAfter = TimeSpan.FromSeconds(5) });

        console.MarkupLineInterpolated($"Checking [bold]{reference}[/] ...");
        try
        {
            var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 0 };
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.User, settings.Raw ? "The single word ok is" : "Reply with the single word: ok")],
                settings.Raw ? options.WithRawCompletion() : options, cancellationToken);
            var call = response.GetCallRecord()!;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("reply", Markup.Escape(Shorten(response.Text)));
            grid.AddRow("latency", $"{call.Latency.TotalMilliseconds:0} ms");
            grid.AddRow("tokens", string.Create(CultureInfo.InvariantCulture,
                $"{call.InputTokens} in ({call.CachedInputTokens} cached), {call.OutputTokens} out{(call.UsageEstimated ? " (estimated)" : "")}"));
            grid.AddRow("cost", call.CostUsd is { } cost
                ? "$" + cost.ToString("0.########", CultureInfo.InvariantCulture)
                : "unknown (no price for this model; add one to the catalog or the reference)");
            console.Write(grid);
            console.MarkupLine("[green]ok[/]");
            return ExitCodes.Ok;
        }
        catch (ModelCallException ex)
        {
            console.MarkupLineInterpolated($"[red]failed:[/] {Reason(ex, reference)}");
            return ExitCodes.InvalidInput;
        }
    }

    internal static string Reason(ModelCallException ex, ModelReference reference) => ex.Kind switch
    {
        ModelCallErrorKind.Unauthorized =>
            $"the API key was rejected (HTTP {ex.StatusCode}); check {reference.ApiKeyEnv ?? (reference.Provider == Tunewise.Models.Providers.OpenAIProvider.OpenAIName ? Tunewise.Models.Providers.OpenAIProvider.StandardKeyVariable : "the API key variable")}. Server said: {ex.Message}",
        ModelCallErrorKind.NotFound =>
            $"model '{reference.Model}' not found (HTTP 404); check the model name and base URL. Server said: {ex.Message}",
        ModelCallErrorKind.ConnectionFailed =>
            $"could not reach {reference.BaseUrl ?? reference.Provider}: {ex.Message}",
        ModelCallErrorKind.Timeout => $"no reply in time after {ex.Attempts} attempt(s): {ex.Message}",
        _ => $"{ex.Kind}{(ex.StatusCode is { } s ? $" (HTTP {s})" : "")} after {ex.Attempts} attempt(s): {ex.Message}",
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
