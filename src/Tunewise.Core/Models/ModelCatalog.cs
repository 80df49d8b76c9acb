using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Tunewise.Models;

/// <summary>
/// Known models with context windows and list prices. The built-in catalog is embedded in the
/// assembly; a study can extend or override it with its own YAML in the same shape.
/// </summary>
public sealed class ModelCatalog
{
    private const string ResourceName = "Tunewise.Models.catalog.yaml";
    private static readonly Lazy<ModelCatalog> BuiltIn = new(LoadBuiltIn);

    private ModelCatalog(ImmutableArray<CatalogEntry> entries) => Entries = entries;

    public static ModelCatalog Default => BuiltIn.Value;

    public static ModelCatalog Empty { get; } = new([]);

    public ImmutableArray<CatalogEntry> Entries { get; }

    public CatalogEntry? Find(string provider, string model) => Entries.FirstOrDefault(e =>
        string.Equals(e.Provider, provider, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(e.Model, model, StringComparison.Ordinal));

    /// <summary>The price to charge for a reference: its own override, else the catalog's, else null (unknown).</summary>
    public ModelPrice? PriceFor(ModelReference reference) =>
        reference.PriceOverride ?? Find(reference.Provider, reference.Model)?.Price;

    /// <summary>A catalog where <paramref name="overrides"/> replace entries with the same provider and model and add new ones.</summary>
    public ModelCatalog WithOverrides(ModelCatalog overrides)
    {
        var replaced = overrides.Entries.Select(e => e.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ModelCatalog([.. Entries.Where(e => !replaced.Contains(e.Id)), .. overrides.Entries]);
    }

    public static ModelCatalog LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: model catalog file not found.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <exception cref="UserInputException">The YAML is malformed; the message names the source, line and field.</exception>
    public static ModelCatalog Parse(string yaml, string sourceName)
    {
        CatalogFile? file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<CatalogFile>(yaml);
        }
        catch (YamlException ex)
        {
            throw new UserInputException(
                $"{sourceName}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message} (expected models: a list of provider, model, context_window, price).", ex);
        }

        var entries = ImmutableArray.CreateBuilder<CatalogEntry>();
        var index = 0;
        foreach (var row in file?.Models ?? [])
        {
            index++;
            var where = $"{sourceName}: models[{index}]";
            if (string.IsNullOrWhiteSpace(row.Provider) || string.IsNullOrWhiteSpace(row.Model))
            {
                throw new UserInputException($"{where}: provider and model are required.");
            }

            entries.Add(new CatalogEntry(row.Provider.Trim().ToLowerInvariant(), row.Model.Trim())
            {
                Parameters = row.Parameters,
                ContextWindow = row.ContextWindow,
                Price = row.Price?.ToPrice($"{where} ({row.Provider}:{row.Model}).price"),
                PricedBy = row.PricedBy ?? (row.Price is null ? "unknown" : "tokens"),
            });
        }

        return new ModelCatalog(entries.ToImmutable());
    }

    private static ModelCatalog LoadBuiltIn()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in catalog");
    }

    private sealed class CatalogFile
    {
        public List<CatalogRow>? Models { get; set; }
    }

    private sealed class CatalogRow
    {
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public long? Parameters { get; set; }
        public int? ContextWindow { get; set; }
        public string? PricedBy { get; set; }
        public PriceRow? Price { get; set; }
    }

    private sealed class PriceRow
    {
        public decimal? InputPerMtok { get; set; }
        public decimal? CachedInputPerMtok { get; set; }
        public decimal? OutputPerMtok { get; set; }
        public string? Source { get; set; }
        public string? AsOf { get; set; }

        public ModelPrice ToPrice(string where)
        {
            if (InputPerMtok is not { } input || OutputPerMtok is not { } output || input < 0 || output < 0)
            {
                throw new UserInputException($"{where}: input_per_mtok and output_per_mtok must be non-negative numbers.");
            }

            DateOnly? asOf = null;
            if (AsOf is not null)
            {
                if (!DateOnly.TryParseExact(AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw new UserInputException($"{where}.as_of: '{AsOf}' is not a date; expected YYYY-MM-DD.");
                }

                asOf = date;
            }

            return new ModelPrice(input, output) { CachedInputPerMTok = CachedInputPerMtok, Source = Source, AsOf = asOf };
        }
    }
}
