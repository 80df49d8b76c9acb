using System.Security.Cryptography;
using System.Runtime.InteropServices;
using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Training;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Runtime;

public class ThreadChoiceTests : TorchTest
{
    [Fact]
    public void Small_work_runs_on_one_thread_and_large_work_on_the_free_cores()
    {
        if (TorchRuntime.FixedThreads is { } fixedThreads)
        {
            // TUNEWISE_TORCH_THREADS is set for this test run: it overrides the choice for every size.
            Assert.Equal(fixedThreads, TorchRuntime.ThreadsFor(1e6));
            Assert.Equal(fixedThreads, TorchRuntime.ThreadsFor(1e12));
            return;
        }
        Assert.Equal(1, TorchRuntime.ThreadsFor(TorchRuntime.ParallelWorkFlops / 10));
        Assert.InRange(TorchRuntime.ThreadsFor(TorchRuntime.ParallelWorkFlops * 10), 1, Environment.ProcessorCount);
    }

    [Theory]
    [InlineData(2, 200, 100, 2)] // one core idle: it and ours
    [InlineData(2, 200, 0, 1)]   // none idle (other processes, or our own threads spinning): ours only
    [InlineData(2, 200, 40, 1)]
    [InlineData(8, 800, 500, 6)]
    [InlineData(8, 800, 800, 8)]
    [InlineData(2, 0, 0, 2)]     // no ticks elapsed: what was given
    public void Free_cores_are_ours_plus_the_idle_ones(int given, long total, long idle, int expected) =>
        Assert.Equal(expected, CoreAvailability.Estimate(given, total, idle));

    [Fact]
    public void Training_and_generation_give_the_same_bits_on_one_thread_and_on_two()
    {
        var (lossesOne, weightsOne, logitsOne) = TrainAndScore(1);
        var (lossesTwo, weightsTwo, logitsTwo) = TrainAndScore(2);

        Assert.Equal(lossesOne, lossesTwo);
        Assert.Equal(weightsOne, weightsTwo);
        Assert.Equal(logitsOne, logitsTwo);
    }

    private static (float[] Losses, string Weights, float[] Logits) TrainAndScore(int threads)
    {
        using var pin = TorchRuntime.PinThreads(threads);
        manual_seed(3);
        using var model = new LlamaModel(new LlamaConfig
        {
            HiddenSize = 128, IntermediateSize = 384, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2, VocabSize = 512,
            MaxPositionEmbeddings = 128, EosTokenIds = [2],
        });
        var random = new Random(5);
        var data = Enumerable.Range(0, 16).Select(_ =>
        {
            var ids = Enumerable.Range(0, 48 + random.Next(16)).Select(_ => (long)random.Next(3, 512)).ToArray();
            return new TokenizedExample(ids, ids);
        }).ToList();
        var losses = new List<float>();
        new Trainer(model, new TrainerOptions { Epochs = 1, BatchSize = 8, WarmupSteps = 1, EarlyStoppingPatience = null })
            .Train(data, onStep: s => losses.Add(s.Loss));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var parameter in model.parameters()) hash.AppendData(MemoryMarshal.AsBytes(parameter.data<float>().ToArray().AsSpan()));
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = model.Forward(tensor(data[0].InputIds, [1, data[0].InputIds.Length]), lastPositionOnly: true).data<float>().ToArray();
        return (losses.ToArray(), Convert.ToHexString(hash.GetHashAndReset()), logits);
    }
}
