using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Models;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsListCommand(IAnsiConsole console) : AsyncCommand<ModelsListSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ModelsListSettings settings, CancellationToken cancellationToken)
    {
        var catalog = settings.Catalog is null
            ? ModelCatalog.Default
            : ModelCatalog.Default.WithOverrides(ModelCatalog.LoadFile(settings.Catalog));
        if (settings.Json)
        {
            var rows = new JsonArray([.. catalog.Entries.Select(e => (JsonNode)new JsonObject
            {
                ["provider"] = e.Provider,
                ["model"] = e.Model,
                ["parameters"] = e.Parameters,
                ["context_window"] = e.ContextWindow,
                ["priced_by"] = e.PricedBy,
                ["price"] = e.Price is not { } p ? null : new JsonObject
                {
                    ["input_per_mtok"] = p.InputPerMTok,
                    ["cached_input_per_mtok"] = p.CachedInputPerMTok,
                    ["output_per_mtok"] = p.OutputPerMTok,
                    ["source"] = p.Source,
                    ["as_of"] = p.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            })]);
            console.Profile.Width = Math.Max(console.Profile.Width, 400);
            console.WriteLine(rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(ExitCodes.Ok);
        }

        var table = new Table().AddColumns("Model", "Params", "Context", "Input $/M", "Cached $/M", "Output $/M", "Source", "As of");
        foreach (var e in catalog.Entries)
        {
            var p = e.Price;
            table.AddRow(
                Markup.Escape(e.Id),
                e.Parameters is { } n ? $"{n / 1e9:0.#}B" : "-",
                e.ContextWindow?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                p is null ? e.PricedBy : Money(p.InputPerMTok),
                p?.CachedInputPerMTok is { } c ? Money(c) : "-",
                p is null ? e.PricedBy : Money(p.OutputPerMTok),
                Markup.Escape(p?.Source ?? "-"),
                p?.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-");
        }

        console.Write(table);
        console.MarkupLine("[grey]Models not listed still work; their cost is reported as unknown.[/]");
        return Task.FromResult(ExitCodes.Ok);
    }

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
