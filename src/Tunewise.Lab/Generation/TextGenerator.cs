using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tokenization;
using static TorchSharp.torch;

namespace Tunewise.Lab.Generation;

/// <summary>
/// Autoregressive decoding with a KV cache. The prompt goes through the model in one pass (prefill), then
/// one token per step. Batches are left-padded with an attention mask, so each sequence sees the same
/// positions and keys as it would alone. Decoding stops at the model's end-of-turn token (config
/// <c>eos_token_id</c> or the tokenizer's <c>eos_token</c>).
/// </summary>
public sealed class TextGenerator(LlamaModel model, LabTokenizer tokenizer)
{
    public LlamaModel Model => model;

    public LabTokenizer Tokenizer => tokenizer;

    /// <summary>Prompt tokens per prefill pass; longer prompts go through the KV cache in chunks of this size.</summary>
    public int PrefillChunkTokens { get; init; } = 256;

    public GenerationResult Generate(IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken = default) =>
        GenerateBatch([prompt], options, cancellationToken)[0];

    public IReadOnlyList<GenerationResult> GenerateBatch(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options,
        CancellationToken cancellationToken = default, bool useCache = true)
    {
        if (prompts.Count == 0) return [];
        if (prompts.Any(p => p.Count == 0)) throw new ArgumentException("Every prompt needs at least one token.", nameof(prompts));
        int batch = prompts.Count, longest = prompts.Max(p => p.Count);
        var eos = new HashSet<int>(model.Config.EosTokenIds);
        if (tokenizer.EosId is { } tokenizerEos) eos.Add(tokenizerEos);
        var samplers = prompts.Select(_ => new TokenSampler(options)).ToArray();
        var generated = prompts.Select(_ => new List<int>()).ToArray();
        var finish = new string?[batch];
        var texts = new string[batch];
        var trie = options.AllowedOutputs is { } allowed ? new OutputTrie(allowed.Select(o => (IReadOnlyList<int>)tokenizer.Encode(o))) : null;
        var cursors = trie is null ? null : prompts.Select(_ => new OutputTrie.Cursor(trie)).ToArray();

        // Full sequences (left padded) and their mask; without a cache every step re-reads them.
        var sequences = prompts.Select(p => Enumerable.Repeat(0L, longest - p.Count).Concat(p.Select(t => (long)t)).ToList()).ToArray();
        var masks = prompts.Select(p => Enumerable.Repeat(0L, longest - p.Count).Concat(Enumerable.Repeat(1L, p.Count)).ToList()).ToArray();

        model.eval();
        using var noGrad = no_grad();
        using var cache = useCache ? model.NewCache() : null;
        bool first = true;
        // A constrained answer may always finish its longest output (and its end-of-turn): a label cut short is no label.
        var steps = trie is null ? options.MaxNewTokens : Math.Max(options.MaxNewTokens, trie.LongestOutput + 1);
        for (int step = 0; step < steps && finish.Any(f => f is null); step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] lastLogits;
            using (NewDisposeScope())
            {
                Tensor ids, mask;
                if (useCache && !first)
                {
                    ids = tensor(sequences.Select(s => s[^1]).ToArray(), [batch, 1], device: model.Device);
                    mask = ones(batch, 1, ScalarType.Int64, model.Device);
                }
                else
                {
                    int length = sequences[0].Count;
                    ids = tensor(sequences.SelectMany(s => s).ToArray(), [batch, length], device: model.Device);
                    mask = tensor(masks.SelectMany(m => m).ToArray(), [batch, length], device: model.Device);
                }
                // A long prefill is worth every free core; a one-token step of a small model is not.
                TorchRuntime.UseThreadsFor(model.FlopsPerToken() * ids.numel());
                Tensor logits;
                if (useCache && first)
                {
                    // The prompt in chunks through the cache: attention scores take batch × heads × chunk × keys,
                    // not × prompt², which for 8 prompts of 800 tokens would be over 150 MB per layer.
                    long length = ids.shape[1];
                    logits = null!;
                    for (long start = 0; start < length; start += PrefillChunkTokens)
                    {
                        long size = Math.Min(PrefillChunkTokens, length - start);
                        using var chunkScope = NewDisposeScope();
                        logits = model.Forward(ids.narrow(1, start, size), mask.narrow(1, start, size), cache, lastPositionOnly: true).MoveToOuterDisposeScope();
                    }
                }
                else
                {
                    logits = model.Forward(ids, mask, cache, lastPositionOnly: true);
                }
                lastLogits = logits.select(1, -1).to_type(ScalarType.Float32).data<float>().ToArray();
            }
            first = false;
            int vocab = lastLogits.Length / batch;
            for (int b = 0; b < batch; b++)
            {
                long token = 0;
                if (finish[b] is null)
                {
                    var row = lastLogits.AsSpan(b * vocab, vocab);
                    cursors?[b].Mask(row, eos);
                    token = samplers[b].Next(row);
                    if (cursors is not null && !eos.Contains((int)token))
                        cursors[b].Advance((int)token);
                    if (cursors?[b] is { Exhausted: true })
                    {
                        // A whole output and nothing can follow it: done without spending a step on end-of-turn.
                        generated[b].Add((int)token);
                        finish[b] = "stop";
                    }
                    else if ((options.StopAtEos || cursors is not null) && eos.Contains((int)token))
                    {
                        finish[b] = "stop";
                    }
                    else
                    {
                        generated[b].Add((int)token);
                        if (StopSequenceCut(tokenizer.Decode(generated[b]), options.StopSequences) is { } cut)
                        {
                            texts[b] = cut;
                            finish[b] = "stop";
                        }
                    }
                }
                // Finished sequences keep stepping with a filler token; their outputs are ignored.
                sequences[b].Add(token);
                masks[b].Add(1);
            }
        }
        return Enumerable.Range(0, batch).Select(b => new GenerationResult(
            texts[b] ?? tokenizer.Decode(generated[b]), generated[b], prompts[b].Count, finish[b] ?? "length")).ToList();
    }

    private static string? StopSequenceCut(string text, IReadOnlyList<string> stops)
    {
        int cut = -1;
        foreach (var stop in stops)
        {
            if (stop.Length == 0) continue;
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        return cut < 0 ? null : text[..cut];
    }
}
