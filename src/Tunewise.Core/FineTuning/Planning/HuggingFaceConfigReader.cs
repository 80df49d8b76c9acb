using System.Text.Json;

namespace Tunewise.FineTuning.Planning;

/// <summary>
/// Reads a Hugging Face <c>config.json</c> (Llama, Mistral, Qwen2 and other Llama-style decoders)
/// into a <see cref="ModelArchitecture"/>. Errors name the file and the field.
/// </summary>
public static class HuggingFaceConfigReader
{
    /// <summary>Reads a config.json, or the config.json inside a directory.</summary>
    public static ModelArchitecture Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "config.json") : path;
        if (!File.Exists(file))
        {
            throw new UserInputException($"{file}: file not found. Expected a Hugging Face config.json or a directory containing one.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{file}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? "model";
            return FromJson(document.RootElement, file, name) with { Source = file };
        }
    }

    /// <summary>Builds an architecture from config fields; <paramref name="where"/> prefixes error messages.</summary>
    internal static ModelArchitecture FromJson(JsonElement root, string where, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UserInputException($"{where}: expected a JSON object with model configuration fields.");
        }

        var modelType = OptionalString(root, "model_type", where);
        if (modelType is "gpt2" or "gpt_neox" or "bloom" or "falcon" or "phi")
        {
            throw new UserInputException(
                $"{where}: model_type '{modelType}' is not supported. Expected a Llama-style decoder (llama, mistral, qwen2, …) with hidden_size, intermediate_size and num_hidden_layers.");
        }

        int hidden = RequiredInt(root, "hidden_size", where);
        int heads = RequiredInt(root, "num_attention_heads", where);
        int kvHeads = OptionalInt(root, "num_key_value_heads", where) ?? heads;
        int headDim = OptionalInt(root, "head_dim", where) ?? hidden / heads;
        if (hidden % heads != 0 && OptionalInt(root, "head_dim", where) is null)
        {
            throw new UserInputException($"{where}: hidden_size {hidden} is not divisible by num_attention_heads {heads}; give head_dim.");
        }

        if (heads % kvHeads != 0)
        {
            throw new UserInputException($"{where}: num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}.");
        }

        var mlp = OptionalString(root, "mlp", where) switch
        {
            null or "gated" or "swiglu" => MlpKind.Gated,
            "plain" or "gelu" => MlpKind.Plain,
            var other => throw new UserInputException($"{where}: field 'mlp' is '{other}'. Expected 'gated' or 'plain'."),
        };
        var norm = OptionalString(root, "norm", where) switch
        {
            null or "rmsnorm" => NormKind.RmsNorm,
            "layernorm" => NormKind.LayerNorm,
            var other => throw new UserInputException($"{where}: field 'norm' is '{other}'. Expected 'rmsnorm' or 'layernorm'."),
        };

        // Qwen2 configs do not state it, but every Qwen2 attention layer has q/k/v biases.
        bool attentionBias = OptionalBool(root, "attention_bias", where) ?? modelType is "qwen2";

        return new ModelArchitecture
        {
            Name = OptionalString(root, "name", where) ?? name,
            HiddenSize = hidden,
            IntermediateSize = RequiredInt(root, "intermediate_size", where),
            NumHiddenLayers = RequiredInt(root, "num_hidden_layers", where),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            VocabSize = RequiredInt(root, "vocab_size", where),
            TieWordEmbeddings = OptionalBool(root, "tie_word_embeddings", where) ?? false,
            Mlp = mlp,
            Norm = norm,
            AttentionBias = attentionBias,
            LinearBias = OptionalBool(root, "linear_bias", where) ?? false,
            LearnedPositions = OptionalInt(root, "learned_positions", where) ?? 0,
        };
    }

    private static int RequiredInt(JsonElement root, string field, string where) =>
        OptionalInt(root, field, where)
        ?? throw new UserInputException($"{where}: missing field '{field}'. Expected a positive integer.");

    private static int? OptionalInt(JsonElement root, string field, string where)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < 0)
        {
            throw new UserInputException($"{where}: field '{field}' is {value.GetRawText()}. Expected a non-negative integer.");
        }

        if (number == 0 && field != "learned_positions")
        {
            throw new UserInputException($"{where}: field '{field}' is 0. Expected a positive integer.");
        }

        return number;
    }

    private static bool? OptionalBool(JsonElement root, string field, string where)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new UserInputException($"{where}: field '{field}' is {value.GetRawText()}. Expected true or false."),
        };
    }

    private static string? OptionalString(JsonElement root, string field, string where)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new UserInputException($"{where}: field '{field}' is {value.GetRawText()}. Expected a string.");
    }
}
