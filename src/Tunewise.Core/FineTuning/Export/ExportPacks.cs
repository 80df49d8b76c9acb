namespace Tunewise.FineTuning.Export;

/// <summary>The export packs, by command-line name.</summary>
public static class ExportPacks
{
    public static IExportPack Axolotl { get; } = new AxolotlPack();
    public static IExportPack LlamaFactory { get; } = new LlamaFactoryPack();
    public static IExportPack Torchtune { get; } = new TorchtunePack();
    public static IExportPack OpenAi { get; } = new OpenAiPack();
    public static IExportPack HuggingFace { get; } = new HuggingFaceChatPack();

    public static IReadOnlyList<IExportPack> All { get; } = [Axolotl, LlamaFactory, Torchtune, OpenAi, HuggingFace];

    /// <summary>A pack by name (case-insensitive); "llamafactory" and "huggingface" work too.</summary>
    public static IExportPack Get(string name)
    {
        var wanted = name.Trim().ToLowerInvariant() switch
        {
            "llamafactory" or "llama_factory" => "llama-factory",
            "huggingface" or "hf-chat" => "hf",
            var other => other,
        };
        return All.FirstOrDefault(p => p.Name == wanted)
            ?? throw new UserInputException($"Unknown export pack '{name}'. Expected one of: {string.Join(", ", All.Select(p => p.Name))}.");
    }
}
