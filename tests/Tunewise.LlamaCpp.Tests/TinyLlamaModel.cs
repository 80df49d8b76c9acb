using System.Text;
using Tunewise.LlamaCpp.Gguf;

namespace Tunewise.LlamaCpp.Tests;

/// <summary>
/// A tiny random llama-architecture model written with <see cref="GgufWriter"/>: byte-level BPE
/// ("gpt2") vocabulary of the 256 bytes plus a few merges and ChatML control tokens, and a ChatML
/// chat template. Its text is noise; it exists to run llama.cpp's real loading, templating,
/// tokenizing, sampling and grammar code without shipping weights.
/// </summary>
internal static class TinyLlamaModel
{
    public const int Embedding = 32;
    public const int Layers = 2;
    public const int Heads = 4;
    public const int FeedForward = 64;
    public const int ContextLength = 256;

    public const string ChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private static readonly (string Left, string Right)[] Merges =
        [("Ġ", "t"), ("h", "e"), ("i", "n"), ("Ġ", "a"), ("e", "r"), ("o", "n"), ("Ġt", "he"), ("Ġ", "{")];

    public static async Task<string> WriteAsync(string path, int seed = 7, GgufTensorType type = GgufTensorType.F32,
        Action<GgufWriter>? addMetadata = null, bool chatTemplate = true)
    {
        var tokens = new List<string>();
        var types = new List<int>();
        foreach (var symbol in ByteSymbols())
        {
            tokens.Add(symbol);
            types.Add(1);
        }

        foreach (var (left, right) in Merges)
        {
            tokens.Add(left + right);
            types.Add(1);
        }

        var endOfText = tokens.Count;
        foreach (var special in new[] { "<|endoftext|>", "<|im_start|>", "<|im_end|>" })
        {
            tokens.Add(special);
            types.Add(3);
        }

        var vocab = tokens.Count;
        var writer = new GgufWriter("llama")
            .Add("general.name", GgufValue.String("tunewise-tiny-random"))
            .Add("llama.context_length", GgufValue.UInt32(ContextLength))
            .Add("llama.embedding_length", GgufValue.UInt32(Embedding))
            .Add("llama.block_count", GgufValue.UInt32(Layers))
            .Add("llama.feed_forward_length", GgufValue.UInt32(FeedForward))
            .Add("llama.attention.head_count", GgufValue.UInt32(Heads))
            .Add("llama.attention.head_count_kv", GgufValue.UInt32(Heads))
            .Add("llama.attention.layer_norm_rms_epsilon", GgufValue.Float32(1e-5f))
            .Add("llama.rope.dimension_count", GgufValue.UInt32(Embedding / Heads))
            .Add("llama.rope.freq_base", GgufValue.Float32(10000f))
            .Add("llama.vocab_size", GgufValue.UInt32((uint)vocab))
            .Add("general.file_type", GgufValue.UInt32(type == GgufTensorType.F16 ? 1u : 0u))
            .Add("tokenizer.ggml.model", GgufValue.String("gpt2"))
            .Add("tokenizer.ggml.pre", GgufValue.String("gpt-2"))
            .Add("tokenizer.ggml.tokens", GgufValue.Strings(tokens))
            .Add("tokenizer.ggml.token_type", GgufValue.Int32s(types))
            .Add("tokenizer.ggml.merges", GgufValue.Strings(Merges.Select(m => $"{m.Left} {m.Right}")))
            .Add("tokenizer.ggml.bos_token_id", GgufValue.UInt32((uint)endOfText))
            .Add("tokenizer.ggml.eos_token_id", GgufValue.UInt32((uint)endOfText + 2))
            .Add("tokenizer.ggml.padding_token_id", GgufValue.UInt32((uint)endOfText))
            .Add("tokenizer.ggml.add_bos_token", GgufValue.Bool(false));
        if (chatTemplate)
            writer.Add("tokenizer.chat_template", GgufValue.String(ChatTemplate));

        addMetadata?.Invoke(writer);
        var random = new Random(seed);
        float[] Random(long count, float scale) =>
            [.. Enumerable.Range(0, (int)count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))];
        float[] Ones(int count) => [.. Enumerable.Repeat(1f, count)];

        writer.AddTensor("token_embd.weight", [vocab, Embedding], Random((long)vocab * Embedding, 0.5f), type);
        for (var layer = 0; layer < Layers; layer++)
        {
            var prefix = $"blk.{layer}.";
            writer.AddTensor(prefix + "attn_norm.weight", [Embedding], Ones(Embedding));
            writer.AddTensor(prefix + "attn_q.weight", [Embedding, Embedding], Random(Embedding * Embedding, 0.2f), type);
            writer.AddTensor(prefix + "attn_k.weight", [Embedding, Embedding], Random(Embedding * Embedding, 0.2f), type);
            writer.AddTensor(prefix + "attn_v.weight", [Embedding, Embedding], Random(Embedding * Embedding, 0.2f), type);
            writer.AddTensor(prefix + "attn_output.weight", [Embedding, Embedding], Random(Embedding * Embedding, 0.2f), type);
            writer.AddTensor(prefix + "ffn_norm.weight", [Embedding], Ones(Embedding));
            writer.AddTensor(prefix + "ffn_gate.weight", [FeedForward, Embedding], Random(FeedForward * Embedding, 0.2f), type);
            writer.AddTensor(prefix + "ffn_up.weight", [FeedForward, Embedding], Random(FeedForward * Embedding, 0.2f), type);
            writer.AddTensor(prefix + "ffn_down.weight", [Embedding, FeedForward], Random(FeedForward * Embedding, 0.2f), type);
        }

        writer.AddTensor("output_norm.weight", [Embedding], Ones(Embedding));
        writer.AddTensor("output.weight", [vocab, Embedding], Random((long)vocab * Embedding, 0.5f), type);
        await writer.WriteAsync(path);
        return path;
    }

    /// <summary>GPT-2's byte-to-unicode table: printable bytes stand for themselves, the rest map above U+0100.</summary>
    public static IEnumerable<string> ByteSymbols()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1)
            .Concat(Enumerable.Range('¡', '¬' - '¡' + 1))
            .Concat(Enumerable.Range('®', 'ÿ' - '®' + 1))
            .ToHashSet();
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            yield return printable.Contains(b) ? ((char)b).ToString() : ((char)next++).ToString();
        }
    }
}
