using System.Globalization;
using System.Text.Json;

namespace Tunewise.FineTuning.Planning;

/// <summary>
/// The GPUs a plan is priced on. <see cref="Default"/> ships inside the assembly; <see cref="Load"/>
/// reads a file of the same shape, so a team can plug in its own negotiated prices.
/// </summary>
public sealed class GpuCatalog
{
    private static readonly Lazy<GpuCatalog> DefaultCatalog = new(() =>
    {
        using var stream = EmbeddedResources.Open("gpus.json");
        return Parse(stream, "gpus.json");
    });

    public GpuCatalog(IReadOnlyList<GpuSpec> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        if (gpus.Count == 0)
        {
            throw new ArgumentException("A GPU catalog needs at least one GPU.", nameof(gpus));
        }

        Gpus = gpus;
    }

    public static GpuCatalog Default => DefaultCatalog.Value;

    public IReadOnlyList<GpuSpec> Gpus { get; }

    public GpuSpec? Find(string name) =>
        Gpus.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a catalog JSON file: <c>{"gpus":[{name, memory_gb, bf16_tflops, mfu, usd_per_hour, spec_source, price_source, as_of}]}</c>.</summary>
    public static GpuCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: GPU catalog file not found.");
        }

        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    private static GpuCatalog Parse(Stream stream, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{where}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("gpus", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new UserInputException($"{where}: missing field 'gpus'. Expected an array of GPU entries.");
            }

            var gpus = new List<GpuSpec>();
            int index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var at = $"{where}: gpus[{index++}]";
                var asOfText = String(entry, "as_of", at);
                if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
                {
                    throw new UserInputException($"{at}: field 'as_of' is '{asOfText}'. Expected a date as yyyy-MM-dd.");
                }

                gpus.Add(new GpuSpec(
                    Name: String(entry, "name", at),
                    MemoryBytes: (long)(Number(entry, "memory_gb", at) * 1e9),
                    DenseBf16TeraFlops: Number(entry, "bf16_tflops", at),
                    AssumedMfu: Number(entry, "mfu", at, max: 1),
                    UsdPerHour: Number(entry, "usd_per_hour", at),
                    SpecSource: String(entry, "spec_source", at),
                    PriceSource: String(entry, "price_source", at),
                    AsOf: asOf));
            }

            return gpus.Count == 0
                ? throw new UserInputException($"{where}: 'gpus' is empty. Expected at least one GPU.")
                : new GpuCatalog(gpus);
        }
    }

    private static string String(JsonElement entry, string field, string at) =>
        entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0
            ? value.GetString()!
            : throw new UserInputException($"{at}: missing or empty field '{field}'. Expected a string.");

    private static double Number(JsonElement entry, string field, string at, double max = double.MaxValue) =>
        entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
            && value.GetDouble() is var number && number > 0 && number <= max
            ? number
            : throw new UserInputException($"{at}: missing or invalid field '{field}'. Expected a number above 0{(max < double.MaxValue ? $" and at most {max}" : "")}.");
}
