using System.Collections.Immutable;
using System.Globalization;
using Tunewise.Studies;
using Tunewise.Studies.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
        // Read from YAML's node tree, the way study files are read: no reflection-built deserializer (costly to build
        // for every short command), and every error can name its line.
        YamlStream stream;
        try
        {
            stream = YamlText.Load(yaml);
        }
        catch (YamlException ex)
        {
            throw new UserInputException(
                $"{sourceName}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message} (expected models: a list of provider, model, context_window, price).", ex);
        }

        var entries = ImmutableArray.CreateBuilder<CatalogEntry>();
        if (stream.Documents.Count == 0 || YamlScalars.IsNull(stream.Documents[0].RootNode))
        {
            return new ModelCatalog(entries.ToImmutable());
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
                   ?? throw Error(sourceName, stream.Documents[0].RootNode, "expected a mapping with 'models:'");
        var rows = Fields(root, sourceName, "models");
        if (!rows.TryGetValue("models", out var modelsNode) || YamlScalars.IsNull(modelsNode))
        {
            return new ModelCatalog(entries.ToImmutable());
        }

        var models = modelsNode as YamlSequenceNode ?? throw Error(sourceName, modelsNode, "models: expected a list");
        var index = 0;
        foreach (var item in models.Children)
        {
            index++;
            var where = $"{sourceName}: models[{index}]";
            var row = item as YamlMappingNode ?? throw Error(sourceName, item, $"models[{index}]: expected a mapping");
            var fields = Fields(row, sourceName, "provider", "model", "parameters", "context_window", "priced_by", "price");
            var provider = Text(fields, "provider");
            var model = Text(fields, "model");
            if (string.IsNullOrWhiteSpace(provider) || string.IsNullOrWhiteSpace(model))
            {
                throw new UserInputException($"{where}: provider and model are required.");
            }

            var priceNode = fields.GetValueOrDefault("price");
            var price = priceNode is null || YamlScalars.IsNull(priceNode)
                ? null
                : ReadPrice(priceNode, sourceName, $"{where} ({provider}:{model}).price");
            entries.Add(new CatalogEntry(provider.Trim().ToLowerInvariant(), model.Trim())
            {
                Parameters = Integer(fields, "parameters", sourceName, where),
                ContextWindow = (int?)Integer(fields, "context_window", sourceName, where),
                Price = price,
                PricedBy = Text(fields, "priced_by") ?? (price is null ? "unknown" : "tokens"),
            });
        }

        return new ModelCatalog(entries.ToImmutable());
    }

    private static ModelPrice ReadPrice(YamlNode node, string sourceName, string where)
    {
        var mapping = node as YamlMappingNode ?? throw Error(sourceName, node, $"{where}: expected a mapping");
        var fields = Fields(mapping, sourceName, "input_per_mtok", "cached_input_per_mtok", "output_per_mtok", "source", "as_of");
        var input = Decimal(fields, "input_per_mtok", sourceName, where);
        var output = Decimal(fields, "output_per_mtok", sourceName, where);
        if (input is not { } inputPrice || output is not { } outputPrice || inputPrice < 0 || outputPrice < 0)
        {
            throw new UserInputException($"{where}: input_per_mtok and output_per_mtok must be non-negative numbers.");
        }

        DateOnly? asOf = null;
        if (Text(fields, "as_of") is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new UserInputException($"{where}.as_of: '{text}' is not a date; expected YYYY-MM-DD.");
            }

            asOf = date;
        }

        return new ModelPrice(inputPrice, outputPrice)
        {
            CachedInputPerMTok = Decimal(fields, "cached_input_per_mtok", sourceName, where),
            Source = Text(fields, "source"),
            AsOf = asOf,
        };
    }

    private static Dictionary<string, YamlNode> Fields(YamlMappingNode mapping, string sourceName, params string[] known)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(sourceName, keyNode, $"unknown field '{key}' (expected {string.Join(", ", known)})");
            }

            fields[key] = value;
        }

        return fields;
    }

    private static string? Text(Dictionary<string, YamlNode> fields, string name) =>
        fields.GetValueOrDefault(name) is YamlScalarNode scalar && !YamlScalars.IsNull(scalar) ? scalar.Value : null;

    private static long? Integer(Dictionary<string, YamlNode> fields, string name, string sourceName, string where) =>
        fields.GetValueOrDefault(name) is not { } node || YamlScalars.IsNull(node) ? null
        : node is YamlScalarNode scalar && YamlScalars.TryInteger(scalar, out var value) ? value
        : throw Error(sourceName, node, $"{where}.{name}: expected a whole number");

    private static decimal? Decimal(Dictionary<string, YamlNode> fields, string name, string sourceName, string where) =>
        fields.GetValueOrDefault(name) is not { } node || YamlScalars.IsNull(node) ? null
        : node is YamlScalarNode scalar && YamlScalars.TryDecimal(scalar, out var value) ? value
        : throw Error(sourceName, node, $"{where}.{name}: expected a number");

    private static UserInputException Error(string sourceName, YamlNode node, string message) =>
        new($"{sourceName}:{node.Start.Line}: {message}.");

    private static ModelCatalog LoadBuiltIn()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in catalog");
    }
}
