using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Lab.Models;

/// <summary>
/// The architecture of a Llama-family decoder, as read from (and written to) a Hugging Face
/// <c>config.json</c>. Field names follow that file. Qwen2 and Mistral checkpoints are the same
/// decoder with a few switches: biases on the q/k/v projections (Qwen2), a sliding attention window
/// (Mistral, Phi-3). Phi-3 stores q/k/v and gate/up fused on disk (<see cref="HasFusedProjections"/>); in memory
/// the model is the same decoder.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>The <c>model_type</c> values the lab engine runs, with their <c>architectures</c> class.</summary>
    public static readonly IReadOnlyList<(string ModelType, string Architecture)> SupportedFamilies =
    [
        ("llama", "LlamaForCausalLM"), ("qwen2", "Qwen2ForCausalLM"), ("mistral", "MistralForCausalLM"), ("gemma", "GemmaForCausalLM"),
        ("phi3", "Phi3ForCausalLM"),
    ];

    /// <summary><c>model_type</c>: "llama" (also SmolLM2, TinyLlama), "qwen2", "mistral", "gemma" or "phi3".</summary>
    public string ModelType { get; init; } = "llama";

    /// <summary>
    /// Gemma (1): embeddings scaled by √hidden_size, RMSNorm scaled by 1 + weight, GeGLU feed-forward, embeddings
    /// tied unless the config says otherwise.
    /// </summary>
    public bool IsGemma => ModelType == "gemma";

    /// <summary>
    /// Phi-3: the checkpoint stores each layer's q, k and v projections as one <c>self_attn.qkv_proj.weight</c> (rows
    /// q, then k, then v) and the gate and up projections as one <c>mlp.gate_up_proj.weight</c> (gate rows first).
    /// </summary>
    public bool HasFusedProjections => ModelType == "phi3";
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int VocabSize { get; init; }
    public int? HeadDimOverride { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    public RopeScaling? RopeScaling { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;

    /// <summary>
    /// The sequence length the checkpoint was trained on (<c>training_sequence_length</c>, a Tunewise field): past it,
    /// positions were never seen in training, whatever <see cref="MaxPositionEmbeddings"/> allows. Null when not recorded.
    /// </summary>
    public int? TrainingSequenceLength { get; init; }

    public bool TieWordEmbeddings { get; init; }
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public string TorchDtype { get; init; } = "float32";

    /// <summary>Biases on q_proj, k_proj and v_proj (Qwen2 always; Llama with <c>attention_bias</c>).</summary>
    public bool QkvBias { get; init; }

    /// <summary>A bias on o_proj (Llama with <c>attention_bias</c>).</summary>
    public bool OutputProjectionBias { get; init; }

    /// <summary>Biases on gate_proj, up_proj and down_proj (Llama with <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }

    /// <summary>
    /// Mistral's <c>sliding_window</c>: a token attends to itself and the window − 1 tokens before it. Null
    /// means full causal attention.
    /// </summary>
    public int? SlidingWindow { get; init; }

    public int HeadDim => HeadDimOverride ?? HiddenSize / NumAttentionHeads;

    /// <summary>Reads <c>config.json</c>; errors name the file and the field.</summary>
    public static LlamaConfig Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"'{path}' does not exist: a lab checkpoint needs a config.json.");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new UserInputException($"'{path}': expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
        return FromJson(root, path);
    }

    public static LlamaConfig FromJson(JsonObject root, string source)
    {
        // Values built in code (not parsed) are typed by their CLR type; a round trip through text
        // gives every value the same JSON-element form, so one reader handles both.
        root = (JsonObject)JsonNode.Parse(root.ToJsonString())!;
        var reader = new FieldReader(root, source);
        string modelType = ReadModelType(root, reader, source);
        if (modelType == "gemma")
        {
            // transformers runs Gemma's feed-forward with hidden_activation, and with the tanh gelu when that is
            // absent (early Gemma configs say only hidden_act: "gelu").
            string? gemmaActivation = reader.OptionalString("hidden_activation");
            if (gemmaActivation is not null && gemmaActivation != "gelu_pytorch_tanh")
                throw new UserInputException($"{source}: field 'hidden_activation' is \"{gemmaActivation}\"; a gemma model's is \"gelu_pytorch_tanh\".");
            string? act = reader.OptionalString("hidden_act");
            if (gemmaActivation is null && act is not null && act is not ("gelu" or "gelu_pytorch_tanh"))
                throw new UserInputException($"{source}: field 'hidden_act' is \"{act}\"; a gemma model's is \"gelu\" or \"gelu_pytorch_tanh\".");
        }
        else if (reader.OptionalString("hidden_act") is { } activation && activation != "silu")
        {
            throw new UserInputException($"{source}: field 'hidden_act' is \"{activation}\"; a {modelType} model runs SwiGLU, whose 'hidden_act' is \"silu\".");
        }
        bool llama = modelType == "llama";
        bool attentionBias = llama && (reader.OptionalBool("attention_bias") ?? false);
        int? slidingWindow = null;
        if (modelType is "mistral" or "phi3")
        {
            slidingWindow = reader.OptionalInt("sliding_window");
        }
        else if (modelType == "qwen2" && (reader.OptionalBool("use_sliding_window") ?? false))
        {
            throw new UserInputException($"{source}: field 'use_sliding_window' is true; Qwen2's per-layer sliding window ('max_window_layers') is not supported, only full attention (use_sliding_window: false, as Qwen2 and Qwen2.5 ship).");
        }
        if (modelType == "phi3")
        {
            // Phi-3 checkpoints say attention_bias: false; Phi-4-mini (also model_type phi3) rotates only part of each head.
            if (reader.OptionalBool("attention_bias") == true)
                throw new UserInputException($"{source}: field 'attention_bias' is true; a phi3 model has no biases.");
            if (reader.OptionalDouble("partial_rotary_factor") is { } partial && partial != 1.0)
                throw new UserInputException($"{source}: field 'partial_rotary_factor' is {partial.ToString(CultureInfo.InvariantCulture)}; the lab engine rotates whole heads only (1.0, as Phi-3 ships).");
        }
        int hidden = reader.RequiredInt("hidden_size");
        int heads = reader.RequiredInt("num_attention_heads");
        var config = new LlamaConfig
        {
            HiddenSize = hidden,
            IntermediateSize = reader.RequiredInt("intermediate_size"),
            NumHiddenLayers = reader.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = reader.OptionalInt("num_key_value_heads") ?? heads,
            VocabSize = reader.RequiredInt("vocab_size"),
            HeadDimOverride = reader.OptionalInt("head_dim"),
            RmsNormEps = reader.OptionalDouble("rms_norm_eps") ?? 1e-6,
            RopeTheta = reader.OptionalDouble("rope_theta") ?? 10000.0,
            RopeScaling = ReadRopeScaling(root["rope_scaling"], source),
            MaxPositionEmbeddings = reader.OptionalInt("max_position_embeddings") ?? 2048,
            TrainingSequenceLength = reader.OptionalInt("training_sequence_length"),
            TieWordEmbeddings = reader.OptionalBool("tie_word_embeddings") ?? modelType == "gemma",
            BosTokenId = reader.OptionalInt("bos_token_id"),
            EosTokenIds = reader.IntOrIntList("eos_token_id"),
            TorchDtype = reader.OptionalString("torch_dtype") ?? reader.OptionalString("dtype") ?? "float32",
            ModelType = modelType,
            QkvBias = modelType == "qwen2" || attentionBias,
            OutputProjectionBias = attentionBias,
            MlpBias = llama && (reader.OptionalBool("mlp_bias") ?? false),
            SlidingWindow = slidingWindow,
        };
        config.Validate(source);
        return config;
    }

    /// <summary>Checks the shape rules the model relies on.</summary>
    public void Validate(string source = "config")
    {
        void Positive(int value, string field)
        {
            if (value <= 0) throw new UserInputException($"{source}: field '{field}' must be a positive integer, got {value}.");
        }
        Positive(HiddenSize, "hidden_size");
        Positive(IntermediateSize, "intermediate_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(NumKeyValueHeads, "num_key_value_heads");
        Positive(VocabSize, "vocab_size");
        if (TrainingSequenceLength is { } trained) Positive(trained, "training_sequence_length");
        if (HeadDimOverride is null && HiddenSize % NumAttentionHeads != 0)
            throw new UserInputException($"{source}: 'hidden_size' ({HiddenSize}) must be divisible by 'num_attention_heads' ({NumAttentionHeads}), or 'head_dim' must be given.");
        Positive(HeadDim, "head_dim");
        if (HeadDim % 2 != 0) throw new UserInputException($"{source}: 'head_dim' must be even for rotary embeddings, got {HeadDim}.");
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new UserInputException($"{source}: 'num_attention_heads' ({NumAttentionHeads}) must be a multiple of 'num_key_value_heads' ({NumKeyValueHeads}).");
        if (RmsNormEps <= 0) throw new UserInputException($"{source}: 'rms_norm_eps' must be positive, got {RmsNormEps}.");
        if (RopeTheta <= 0) throw new UserInputException($"{source}: 'rope_theta' must be positive, got {RopeTheta}.");
        if (SlidingWindow is { } window) Positive(window, "sliding_window");
        if (!SupportedFamilies.Any(f => f.ModelType == ModelType))
            throw new UserInputException($"{source}: 'model_type' \"{ModelType}\" is not supported; supported: {SupportedList}.");
        if (ModelType is not ("mistral" or "phi3") && SlidingWindow is not null)
            throw new UserInputException($"{source}: 'sliding_window' applies to model_type \"mistral\" and \"phi3\" only.");
        if (ModelType == "qwen2" && (!QkvBias || OutputProjectionBias || MlpBias))
            throw new UserInputException($"{source}: a qwen2 model has biases on q_proj, k_proj and v_proj and nowhere else.");
        if (ModelType == "llama" && QkvBias != OutputProjectionBias)
            throw new UserInputException($"{source}: a llama model's 'attention_bias' puts biases on all of q_proj, k_proj, v_proj and o_proj, or on none.");
        if (ModelType == "gemma" && (QkvBias || OutputProjectionBias || MlpBias))
            throw new UserInputException($"{source}: a gemma model has no biases.");
        if ((ModelType is "mistral" or "phi3") && (QkvBias || OutputProjectionBias || MlpBias))
            throw new UserInputException($"{source}: a {ModelType} model has no biases.");
    }

    private static string SupportedList =>
        string.Join(", ", SupportedFamilies.Select(f => $"\"{f.ModelType}\" ({f.Architecture})"));

    // model_type decides; architectures, when present, must name the causal-LM class of a supported family
    // and agree with it. A config without model_type (older lab exports) is a Llama.
    private static string ReadModelType(JsonObject root, FieldReader reader, string source)
    {
        string? modelType = reader.OptionalString("model_type");
        if (modelType is not null && !SupportedFamilies.Any(f => f.ModelType == modelType))
            throw new UserInputException($"{source}: field 'model_type' is \"{modelType}\", which the lab engine does not run; supported: {SupportedList}.");
        var architectures = root["architectures"];
        if (architectures is null) return modelType ?? "llama";
        if (architectures is not JsonArray list || list.Count == 0 || list.Any(a => a is not JsonValue v || !v.TryGetValue<string>(out _)))
            throw new UserInputException($"{source}: field 'architectures' must be a non-empty list of class names, got {architectures.ToJsonString()}.");
        foreach (var name in list.Select(a => a!.GetValue<string>()))
        {
            var family = SupportedFamilies.FirstOrDefault(f => f.Architecture == name);
            if (family.ModelType is null)
                throw new UserInputException($"{source}: field 'architectures' names \"{name}\", which the lab engine does not run; supported: {SupportedList}.");
            if (modelType is not null && family.ModelType != modelType)
                throw new UserInputException($"{source}: field 'architectures' names \"{name}\", but 'model_type' is \"{modelType}\" (expected {family.Architecture} for \"{family.ModelType}\").");
            modelType ??= family.ModelType;
        }
        return modelType!;
    }

    /// <summary>The config as a Hugging Face <c>config.json</c> document.</summary>
    public JsonObject ToJson()
    {
        string architecture = SupportedFamilies.First(f => f.ModelType == ModelType).Architecture;
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(architecture),
            ["model_type"] = ModelType,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["hidden_act"] = IsGemma ? "gelu_pytorch_tanh" : "silu",
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["vocab_size"] = VocabSize,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["torch_dtype"] = TorchDtype,
        };
        switch (ModelType)
        {
            case "llama":
                json["attention_bias"] = QkvBias;
                json["mlp_bias"] = MlpBias;
                break;
            case "qwen2":
                json["use_sliding_window"] = false;
                break;
            case "mistral":
            case "phi3":
                json["sliding_window"] = SlidingWindow;
                break;
            case "gemma":
                json["hidden_activation"] = "gelu_pytorch_tanh";
                break;
        }
        if (RopeScaling is { } scaling)
        {
            var s = new JsonObject { ["rope_type"] = scaling.Type, ["factor"] = scaling.Factor };
            if (scaling.Type == "llama3")
            {
                s["low_freq_factor"] = scaling.LowFreqFactor;
                s["high_freq_factor"] = scaling.HighFreqFactor;
                s["original_max_position_embeddings"] = scaling.OriginalMaxPositionEmbeddings;
            }
            json["rope_scaling"] = s;
        }
        else
        {
            json["rope_scaling"] = null;
        }
        if (TrainingSequenceLength is { } trained) json["training_sequence_length"] = trained;
        if (BosTokenId is { } bos) json["bos_token_id"] = bos;
        if (EosTokenIds.Count == 1) json["eos_token_id"] = EosTokenIds[0];
        else if (EosTokenIds.Count > 1) json["eos_token_id"] = new JsonArray(EosTokenIds.Select(id => (JsonNode)id).ToArray());
        return json;
    }

    public void Save(string path) =>
        File.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static RopeScaling? ReadRopeScaling(JsonNode? node, string source)
    {
        if (node is null) return null;
        if (node is not JsonObject obj) throw new UserInputException($"{source}: field 'rope_scaling' must be an object or null.");
        var reader = new FieldReader(obj, source, "rope_scaling.");
        string type = reader.OptionalString("rope_type") ?? reader.OptionalString("type")
            ?? throw new UserInputException($"{source}: field 'rope_scaling' needs 'rope_type' (\"linear\" or \"llama3\").");
        switch (type)
        {
            case "default":
                return null;
            case "linear":
                return new RopeScaling("linear", reader.RequiredDouble("factor"));
            case "llama3":
                return new RopeScaling("llama3", reader.RequiredDouble("factor"),
                    reader.OptionalDouble("low_freq_factor") ?? 1.0,
                    reader.OptionalDouble("high_freq_factor") ?? 4.0,
                    reader.OptionalInt("original_max_position_embeddings") ?? 8192);
            default:
                throw new UserInputException($"{source}: 'rope_scaling.rope_type' is \"{type}\"; supported types are \"default\", \"linear\" and \"llama3\".");
        }
    }

    private sealed class FieldReader(JsonObject root, string source, string prefix = "")
    {
        public int RequiredInt(string field) =>
            OptionalInt(field) ?? throw new UserInputException($"{source}: required field '{prefix}{field}' is missing (expected an integer).");

        public double RequiredDouble(string field) =>
            OptionalDouble(field) ?? throw new UserInputException($"{source}: required field '{prefix}{field}' is missing (expected a number).");

        public int? OptionalInt(string field)
        {
            var node = root[field];
            if (node is null) return null;
            if (node is JsonValue v && v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue) return (int)l;
            if (node is JsonValue d && d.TryGetValue<double>(out var x) && x == Math.Floor(x) && Math.Abs(x) < int.MaxValue) return (int)x;
            throw new UserInputException($"{source}: field '{prefix}{field}' must be an integer, got {node.ToJsonString()}.");
        }

        public double? OptionalDouble(string field)
        {
            var node = root[field];
            if (node is null) return null;
            if (node is JsonValue v && v.TryGetValue<double>(out var d)) return d;
            if (node is JsonValue s && s.TryGetValue<string>(out var text) &&
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
            throw new UserInputException($"{source}: field '{prefix}{field}' must be a number, got {node.ToJsonString()}.");
        }

        public bool? OptionalBool(string field)
        {
            var node = root[field];
            if (node is null) return null;
            if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
            throw new UserInputException($"{source}: field '{prefix}{field}' must be true or false, got {node.ToJsonString()}.");
        }

        public string? OptionalString(string field)
        {
            var node = root[field];
            if (node is null) return null;
            if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
            throw new UserInputException($"{source}: field '{prefix}{field}' must be a string, got {node.ToJsonString()}.");
        }

        public IReadOnlyList<int> IntOrIntList(string field)
        {
            var node = root[field];
            if (node is null) return [];
            if (node is JsonArray array)
            {
                return array.Select((item, i) => item is JsonValue v && v.TryGetValue<long>(out var l) ? (int)l
                    : throw new UserInputException($"{source}: item {i} of field '{prefix}{field}' must be an integer.")).ToList();
            }
            return [OptionalInt(field)!.Value];
        }
    }
}
