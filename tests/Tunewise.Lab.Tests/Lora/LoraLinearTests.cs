using TorchSharp;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Tests.Support;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Lora;

public class LoraLinearTests : TorchTest
{
    [Fact]
    public void A_fresh_adapter_leaves_the_model_output_exactly_unchanged()
    {
        using var model = TinyCausalLm.Small();
        model.eval();
        using var ids = tensor(new long[] { 3, 4, 5, 6, 7, 8 }, [1, 6]);
        using var before = model.call(ids).detach().clone();

        LoraAdapter.Attach(model, new LoraOptions { Rank = 4, TargetModules = LoraOptions.AllProjections });
        model.eval();
        using var after = model.call(ids);
        Assert.True(before.sub(after).abs().max().item<float>() == 0f, "outputs differ after attaching a zero-initialised adapter");
    }

    [Fact]
    public void The_initial_adapter_depends_on_its_seed_not_on_torchs_global_generator()
    {
        Tensor[] InitialA(long globalSeed, long initSeed)
        {
            random.manual_seed(globalSeed);
            using var model = TinyCausalLm.Small();
            var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4, InitSeed = initSeed });
            return [.. adapter.Layers.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value.LoraA.detach().clone())];
        }

        var first = InitialA(globalSeed: 1, initSeed: 13);
        var otherGlobal = InitialA(globalSeed: 2, initSeed: 13);
        var otherSeed = InitialA(globalSeed: 1, initSeed: 14);

        Assert.All(first.Zip(otherGlobal), pair => Assert.Equal(0f, pair.First.sub(pair.Second).abs().max().item<float>()));
        Assert.NotEqual(0f, first[0].sub(otherSeed[0]).abs().max().item<float>());
        // U(−1/√fan_in, 1/√fan_in), as nn.Linear's and PEFT's Kaiming-uniform with a = √5.
        Assert.True(first[0].abs().max().item<float>() <= 1 / MathF.Sqrt(first[0].shape[1]));
    }

    [Fact]
    public void Base_is_frozen_and_only_adapter_matrices_train()
    {
        using var model = TinyCausalLm.Small();
        var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4 });
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.NotEmpty(trainable);
        Assert.All(trainable, name => Assert.True(name.EndsWith("lora_A", StringComparison.Ordinal) || name.EndsWith("lora_B", StringComparison.Ordinal), name));
        Assert.Equal(adapter.TrainableParameterCount, model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        Assert.Equal(4, adapter.Layers.Count); // q_proj and v_proj in two layers
    }

    [Fact]
    public void Merged_outputs_match_unmerged_and_unmerge_restores_the_base()
    {
        random.manual_seed(11);
        using var linear = nn.Linear(48, 40);
        using var original = linear.weight.detach().clone();
        using var lora = new LoraLinear(linear, rank: 8, alpha: 16, dropout: 0.1);
        using (no_grad()) lora.LoraB.normal_(0, 0.05); // a trained adapter has non-zero B
        lora.eval();
        using var input = randn(5, 48);
        using var unmerged = lora.call(input).detach().clone();

        lora.Merge();
        using var merged = lora.call(input);
        Assert.True(lora.IsMerged);
        Assert.True((merged - unmerged).abs().max().item<float>() < 1e-4f);

        lora.Unmerge();
        Assert.True((linear.weight - original).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Trainable_parameters_stay_under_two_percent_of_a_realistically_shaped_model()
    {
        using var model = new TinyCausalLm(vocabulary: 256, hidden: 256, intermediate: 688, layerCount: 4, heads: 8, seed: 1);
        var baseProjections = model.LinearLayers().Sum(l => l.Module.parameters().Sum(p => p.numel()));
        var total = model.parameters().Sum(p => p.numel());
        var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 8 });
        var share = (double)adapter.TrainableParameterCount / total;
        Assert.True(share <= 0.02, $"LoRA trains {share:P2} of {total} parameters");
        Assert.True(adapter.TrainableParameterCount < baseProjections / 50);
    }

    [Fact]
    public void Qlora_holds_frozen_projections_in_under_three_tenths_of_fp32_and_starts_close_to_the_base()
    {
        using var model = TinyCausalLm.Small();
        model.eval();
        using var ids = tensor(new long[] { 3, 4, 5, 6, 7, 8 }, [1, 6]);
        using var before = model.call(ids).detach().clone();

        var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4 }, quantizeBase: true);
        model.eval();
        using var after = model.call(ids);
        var (held, fp32) = adapter.FrozenProjectionBytes();
        Assert.True(held <= 0.3 * fp32, $"{held} bytes held vs {fp32} in fp32");
        var relative = ((after - before).norm() / before.norm()).item<float>();
        Assert.True(relative < 0.1, $"quantized model drifts {relative:P1} from the fp32 one");
    }

    [Fact]
    public void Merging_an_adapter_into_the_base_leaves_plain_linears_with_the_same_outputs()
    {
        using var model = TinyCausalLm.Small();
        var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4, Dropout = 0 });
        using (no_grad())
        {
            foreach (var layer in adapter.Layers.Values) layer.LoraB.normal_(0, 0.05);
        }
        model.eval();
        using var ids = tensor(new long[] { 3, 4, 5, 6, 7, 8 }, [1, 6]);
        using var adapted = model.call(ids).detach().clone();
        adapter.MergeIntoBase();
        Assert.All(model.LinearLayers(), l => Assert.IsType<TorchSharp.Modules.Linear>(l.Module));
        using var merged = model.call(ids);
        Assert.True((merged - adapted).abs().max().item<float>() < 1e-4f);
    }
}
