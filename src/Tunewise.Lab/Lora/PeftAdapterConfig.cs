using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Lab.Lora;

/// <summary>
/// The fields of PEFT's <c>adapter_config.json</c> that describe a plain LoRA adapter on a causal LM.
/// Files written here load in PEFT (<c>PeftModel.from_pretrained</c>), and PEFT LoRA adapters load here
/// as long as they use no feature the lab engine lacks (DoRA, rsLoRA, per-layer rank patterns, biases).
/// </summary>
public sealed record PeftAdapterConfig(LoraOptions Options, string BaseModelNameOrPath, bool InferenceMode = true)
{
    public const string FileName = "adapter_config.json";

    public string ToJson()
    {
        var root = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = BaseModelNameOrPath,
            ["r"] = Options.Rank,
            ["lora_alpha"] = Options.Alpha,
            ["lora_dropout"] = Options.Dropout,
            ["target_modules"] = new JsonArray(Options.TargetModules.Select(t => (JsonNode)t).ToArray()),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["inference_mode"] = InferenceMode,
            ["init_lora_weights"] = true,
            ["modules_to_save"] = null,
            ["layers_to_transform"] = null,
            ["layers_pattern"] = null,
            ["rank_pattern"] = new JsonObject(),
            ["alpha_pattern"] = new JsonObject(),
            ["use_rslora"] = false,
            ["use_dora"] = false,
            ["revision"] = null,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads and checks an adapter_config.json; every error names the file and the field.</summary>
    public static PeftAdapterConfig Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"'{path}' does not exist: a LoRA adapter needs {FileName}.");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UserInputException($"'{path}': expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        string Text(string field, string? fallback = null) =>
            root[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : fallback ?? throw new UserInputException($"'{path}': field '{field}' is missing or not a string.");
        double Number(string field) =>
            root[field] is JsonValue v && v.TryGetValue<double>(out var d) ? d
            : throw new UserInputException($"'{path}': field '{field}' is missing or not a number.");
        bool Flag(string field) => root[field] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        bool NonEmpty(string field) => root[field] is JsonObject o && o.Count > 0;
        bool Given(string field) => root[field] switch { null => false, JsonArray array => array.Count > 0, JsonObject map => map.Count > 0, _ => true };

        if (Text("peft_type") != "LORA") throw new UserInputException($"'{path}': field 'peft_type' is '{Text("peft_type")}'; only LORA adapters are supported.");
        var task = Text("task_type", "CAUSAL_LM");
        if (task != "CAUSAL_LM") throw new UserInputException($"'{path}': field 'task_type' is '{task}'; expected CAUSAL_LM.");
        var bias = Text("bias", "none");
        if (bias != "none") throw new UserInputException($"'{path}': field 'bias' is '{bias}'; only adapters without bias training ('none') are supported.");
        if (Flag("fan_in_fan_out")) throw new UserInputException($"'{path}': field 'fan_in_fan_out' is true; Llama projections need false.");
        if (Flag("use_dora")) throw new UserInputException($"'{path}': field 'use_dora' is true; DoRA adapters are not supported.");
        if (Flag("use_rslora")) throw new UserInputException($"'{path}': field 'use_rslora' is true; rank-stabilised LoRA is not supported.");
        if (NonEmpty("rank_pattern") || NonEmpty("alpha_pattern"))
            throw new UserInputException($"'{path}': fields 'rank_pattern'/'alpha_pattern' are set; per-layer ranks are not supported.");
        if (Flag("lora_bias")) throw new UserInputException($"'{path}': field 'lora_bias' is true; adapters with trained LoRA biases are not supported.");
        // Each of these makes the adapter cover other weights than "every layer's target projections", which is what loads here.
        foreach (var (field, meaning) in new[]
        {
            ("modules_to_save", "fully trained modules saved beside the adapter (such as lm_head or embed_tokens)"),
            ("layers_to_transform", "an adapter on some layers only"),
            ("exclude_modules", "modules left out of the adapter"),
            ("layer_replication", "replicated layers"),
        })
        {
            if (Given(field))
                throw new UserInputException($"'{path}': field '{field}' is set: {meaning} is not supported.");
        }

        var targets = root["target_modules"] switch
        {
            JsonArray array => array.Select(n => n?.GetValue<string>() ?? "").ToList(),
            JsonValue single when single.TryGetValue<string>(out var name) => [name],
            _ => throw new UserInputException($"'{path}': field 'target_modules' must be a list of projection names."),
        };
        var rank = Number("r");
        if (rank < 1 || rank != Math.Floor(rank)) throw new UserInputException($"'{path}': field 'r' must be a positive integer, not {rank}.");
        var options = new LoraOptions
        {
            Rank = (int)rank,
            Alpha = Number("lora_alpha"),
            Dropout = root["lora_dropout"] is null ? 0 : Number("lora_dropout"),
            TargetModules = targets,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UserInputException($"'{path}': {ex.Message}", ex);
        }
        return new PeftAdapterConfig(options, Text("base_model_name_or_path", ""), root["inference_mode"] is null || Flag("inference_mode"));
    }
}
