using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Studies;
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

        console.Write(PriceTable(catalog.Entries, settings.Wide));
        console.MarkupLine("[grey]Prices in $ per million tokens.[/]");
        foreach (var unpriced in catalog.Entries.Where(e => e.Price is null).GroupBy(e => e.PricedBy))
        {
            string ids = string.Join(", ", unpriced.Select(e => e.Id));
            if (unpriced.Key == "tokens") console.MarkupLineInterpolated($"[grey]No list price: {ids}.[/]");
            else console.MarkupLineInterpolated($"[grey]Priced by {unpriced.Key}, not per token: {ids}.[/]");
        }
        if (!settings.Wide)
        {
            // Each source once, each on its own line: a URL in a narrow column wraps over half a dozen lines.
            var sources = catalog.Entries.Select(e => e.Price).OfType<ModelPrice>().GroupBy(p => p.Source ?? "no source given")
                .Select(g => (Source: g.Key, Dates: g.Select(p => p.AsOf).OfType<DateOnly>().Distinct().Order()
                    .Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList()))
                .ToList();
            if (sources.Count > 0)
            {
                console.MarkupLine("[grey]Sources (--wide shows each model's):[/]");
                foreach (var (source, dates) in sources)
                {
                    console.MarkupLineInterpolated($"[grey]  {source}[/]");
                    if (dates.Count > 0) console.MarkupLineInterpolated($"[grey]    as of {string.Join(", ", dates)}[/]");
                }
            }
        }
        console.MarkupLine("[grey]Models not listed still work; their cost is reported as unknown.[/]");
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>
    /// Model, context and prices fit an 80-column terminal; parameters appear when the catalog knows some, and
    /// <paramref name="wide"/> adds each price's source and date.
    /// </summary>
    private static Table PriceTable(IReadOnlyList<CatalogEntry> entries, bool wide)
    {
        bool parameters = entries.Any(e => e.Parameters is not null);
        var table = new Table().AddColumn("Model");
        if (parameters) table.AddColumn(new TableColumn("Params").RightAligned());
        table.AddColumn(new TableColumn("Context").RightAligned()).AddColumn(new TableColumn("In").RightAligned())
            .AddColumn(new TableColumn("Cached").RightAligned()).AddColumn(new TableColumn("Out").RightAligned());
        if (wide) table.AddColumns("Source", "As of");
        foreach (var e in entries)
        {
            var p = e.Price;
            var cells = new List<string> { Markup.Escape(e.Id) };
            if (parameters) cells.Add(e.Parameters is { } n ? $"{n / 1e9:0.#}B" : "-");
            cells.Add(e.ContextWindow?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
            cells.Add(p is null ? "-" : Money(p.InputPerMTok));
            cells.Add(p?.CachedInputPerMTok is { } c ? Money(c) : "-");
            cells.Add(p is null ? "-" : Money(p.OutputPerMTok));
            if (wide)
            {
                cells.Add(Markup.Escape(p?.Source ?? "-"));
                cells.Add(p?.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-");
            }
            table.AddRow([.. cells]);
        }
        return table;
    }

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
