using System.Text.Json;

namespace Tunewise.FineTuning.Planning;

/// <summary>
/// Well-known architectures shipped as an embedded resource, and the resolver that turns a
/// command-line MODEL (catalog name, config.json path, or a directory holding one) into an architecture.
/// </summary>
public static class ArchitectureCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, (ModelArchitecture Architecture, string HfId)>> Entries = new(Load);

    /// <summary>Catalog names, such as "llama-2-7b".</summary>
    public static IReadOnlyList<string> Names => Entries.Value.Keys.Order(StringComparer.Ordinal).ToList();

    public static bool TryGet(string name, out ModelArchitecture architecture)
    {
        if (Entries.Value.TryGetValue(Normalize(name), out var entry))
        {
            architecture = entry.Architecture;
            return true;
        }

        architecture = null!;
        return false;
    }

    /// <summary>The Hugging Face repository id for a catalog name, when there is one.</summary>
    public static string? HuggingFaceId(string name) =>
        Entries.Value.TryGetValue(Normalize(name), out var entry) && entry.HfId.Length > 0 ? entry.HfId : null;

    /// <summary>
    /// A catalog name (case-insensitive; the Hugging Face id works too), a path to a config.json,
    /// or a directory containing one. An unknown name fails with a did-you-mean.
    /// </summary>
    public static ModelArchitecture Resolve(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (TryGet(model, out var known))
        {
            return known;
        }

        var byId = Entries.Value.Values.FirstOrDefault(e => string.Equals(e.HfId, model, StringComparison.OrdinalIgnoreCase));
        if (byId.Architecture is not null)
        {
            return byId.Architecture;
        }

        if (File.Exists(model) || Directory.Exists(model))
        {
            return HuggingFaceConfigReader.Read(model);
        }

        var suggestion = Suggest(model);
        var hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
        throw new UserInputException(
            $"Unknown model '{model}'.{hint} Expected a catalog name ({string.Join(", ", Names)}) or a path to a Hugging Face config.json.");
    }

    /// <summary>The closest catalog name by edit distance, or null when nothing is close.</summary>
    public static string? Suggest(string model)
    {
        var wanted = Normalize(model);
        var best = Names
            .Select(n => (Name: n, Distance: EditDistance(wanted, n)))
            .OrderBy(x => x.Distance)
            .First();
        return best.Distance <= Math.Max(3, wanted.Length / 3) ? best.Name : null;
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-');

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static IReadOnlyDictionary<string, (ModelArchitecture, string)> Load()
    {
        const string resource = "architectures.json";
        using var stream = EmbeddedResources.Open(resource);
        using var document = JsonDocument.Parse(stream);
        var result = new Dictionary<string, (ModelArchitecture, string)>(StringComparer.Ordinal);
        int index = 0;
        foreach (var entry in document.RootElement.GetProperty("architectures").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString()!;
            var architecture = HuggingFaceConfigReader.FromJson(entry, $"{resource}: architectures[{index++}]", name);
            var hfId = entry.TryGetProperty("hf_id", out var id) ? id.GetString() ?? "" : "";
            result.Add(Normalize(name), (architecture, hfId));
        }

        return result;
    }
}
