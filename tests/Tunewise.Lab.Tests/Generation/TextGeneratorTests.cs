using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Generation;

public sealed class TextGeneratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LlamaModel _model;
    private readonly TextGenerator _generator;

    public TextGeneratorTests()
    {
        RandomCheckpoint.Write(_temp.Path, layers: 2, hiddenSize: 32, seed: 5);
        _model = LlamaModel.Load(_temp.Path);
        _generator = new TextGenerator(_model, LabTokenizer.Load(_temp.Path));
    }

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    private static readonly GenerationOptions Greedy = new() { MaxNewTokens = 12, StopAtEos = false };

    private int[] Prompt(string text) => _generator.Tokenizer.Encode(text);

    [Fact]
    public void Greedy_decoding_with_and_without_the_cache_is_identical()
    {
        var prompt = Prompt("hello world, the end");
        var cached = _generator.GenerateBatch([prompt], Greedy, useCache: true)[0];
        var uncached = _generator.GenerateBatch([prompt], Greedy, useCache: false)[0];
        Assert.Equal(12, cached.Tokens.Count);
        Assert.Equal(uncached.Tokens, cached.Tokens);
        Assert.Equal("length", cached.FinishReason);
    }

    [Fact]
    public void Batched_outputs_equal_one_by_one_outputs_despite_left_padding()
    {
        string[] texts = ["hello", "the world and the rest of it", "yes no yes"];
        var prompts = texts.Select(t => (IReadOnlyList<int>)Prompt(t)).ToList();
        var batched = _generator.GenerateBatch(prompts, Greedy);
        for (int i = 0; i < texts.Length; i++)
        {
            var alone = _generator.Generate(prompts[i], Greedy);
            Assert.Equal(alone.Tokens, batched[i].Tokens);
            Assert.Equal(prompts[i].Count, batched[i].PromptTokens);
        }
    }

    [Fact]
    public void A_prompt_prefilled_in_chunks_generates_what_one_pass_generates_also_in_a_padded_batch()
    {
        string[] texts = ["a quick brown fox jumps over a lazy dog, twice", "the end", "pack my box with five dozen liquor jugs, then sleep"];
        var prompts = texts.Select(t => (IReadOnlyList<int>)Prompt(t)).ToList();
        Assert.True(prompts.Max(p => p.Count) > 20);
        var chunked = new TextGenerator(_model, _generator.Tokenizer) { PrefillChunkTokens = 7 };

        var whole = _generator.GenerateBatch(prompts, Greedy);
        var inChunks = chunked.GenerateBatch(prompts, Greedy);

        for (int i = 0; i < texts.Length; i++) Assert.Equal(whole[i].Tokens, inChunks[i].Tokens);
        Assert.Equal(_generator.Generate(prompts[2], Greedy).Tokens, chunked.Generate(prompts[2], Greedy).Tokens);
    }

    [Fact]
    public void Seeded_sampling_is_reproducible_and_the_seed_matters()
    {
        var prompt = Prompt("hello");
        var options = Greedy with { Temperature = 1.5, TopK = 50, TopP = 0.95, Seed = 42, MaxNewTokens = 20 };
        var first = _generator.Generate(prompt, options);
        var second = _generator.Generate(prompt, options);
        Assert.Equal(first.Tokens, second.Tokens);
        var others = Enumerable.Range(1, 5).Select(s => _generator.Generate(prompt, options with { Seed = s }).Tokens).ToList();
        Assert.Contains(others, o => !o.SequenceEqual(first.Tokens));
    }

    [Fact]
    public void Stop_sequences_cut_the_text_and_end_generation()
    {
        var prompt = Prompt("hello world");
        var full = _generator.Generate(prompt, Greedy);
        Assert.True(full.Text.Length >= 2);
        string stop = full.Text.Substring(1, 1);
        var stopped = _generator.Generate(prompt, Greedy with { StopSequences = [stop] });
        Assert.Equal("stop", stopped.FinishReason);
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        // Generation ends at the token that completes the stop sequence: the tokens are the greedy run's up to that one.
        Assert.True(stopped.Tokens.Count < full.Tokens.Count);
        Assert.Equal(full.Tokens.Take(stopped.Tokens.Count), stopped.Tokens);
        Assert.Contains(stop, _generator.Tokenizer.Decode(stopped.Tokens), StringComparison.Ordinal);
        Assert.DoesNotContain(stop, _generator.Tokenizer.Decode(stopped.Tokens.Take(stopped.Tokens.Count - 1).ToList()), StringComparison.Ordinal);
    }

    [Fact]
    public void Generation_stops_at_eos_and_leaves_it_out()
    {
        var prompt = Prompt("hello world");
        var full = _generator.Generate(prompt, Greedy with { MaxNewTokens = 8 });
        int eos = full.Tokens[2];
        using var copy = new TempDirectory();
        foreach (var file in Directory.GetFiles(_temp.Path)) File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        (_model.Config with { EosTokenIds = [eos] }).Save(copy.File("config.json"));
        using var model = LlamaModel.Load(copy.Path);
        var stopped = new TextGenerator(model, _generator.Tokenizer).Generate(prompt, new GenerationOptions { MaxNewTokens = 8 });
        Assert.Equal("stop", stopped.FinishReason);
        Assert.Equal(full.Tokens.TakeWhile(t => t != eos), stopped.Tokens);
    }

    [Fact]
    public void Repeated_generation_leaves_no_live_tensors_behind()
    {
        var prompts = new[] { "hello", "the world" }.Select(t => (IReadOnlyList<int>)Prompt(t)).ToList();
        _generator.GenerateBatch(prompts, Greedy);
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++) _generator.GenerateBatch(prompts, Greedy);
        long after = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }
}
