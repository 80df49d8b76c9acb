using TorchSharp;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tests.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.Training;
using Tunewise.Studies;
using Tunewise.Testing;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Runtime;

public class LabComputeTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("gpu", "fp32", "device is 'gpu'")]
    [InlineData("cpu", "fp16", "dtype is 'fp16'")]
    public void An_unknown_device_or_dtype_is_refused_naming_the_option(string device, string dtype, string expected)
    {
        var error = Assert.Throws<UserInputException>(() => LabCompute.Parse(device, dtype));
        Assert.Contains("--" + expected, error.Message);
    }

    [Fact]
    public void Cuda_without_a_cuda_device_is_an_error_naming_the_option_and_auto_runs_on_the_cpu()
    {
        Assert.False(cuda.is_available(), "this test expects the CPU build of TorchSharp");
        var error = Assert.Throws<UserInputException>(() => LabCompute.Parse("cuda", "fp32").ResolveDevice());
        Assert.Contains("device: cuda", error.Message);
        Assert.Contains("TorchSharp-cuda-linux", error.Message);
        Assert.Equal("cpu", LabCompute.Parse("auto", "bf16").ResolvedDeviceName());

        using var temp = new TempDirectory();
        RandomCheckpoint.Write(temp.Path, layers: 1, hiddenSize: 32);
        Assert.Throws<UserInputException>(() => LlamaModel.Load(temp.Path, LabCompute.Parse("cuda", "fp32")));
        Assert.Throws<UserInputException>(() => LabModels.CreateChatClient(temp.Path, temp.Path, LabCompute.Parse("cuda", "bf16")));
        using var model = LlamaModel.Load(temp.Path, LabCompute.Parse("auto", "bf16"));
        Assert.Equal(DeviceType.CPU, model.Device.type);
        Assert.Equal(ScalarType.BFloat16, model.DType);
    }

    /// <summary>
    /// bf16 weights and activations against fp32, greedy, 20 tokens: on the shipped models (trained weights) for a
    /// few prompts through their chat template, and on the random checkpoints of every family. Counted are the
    /// tokens before the first difference (after it the two continue from different prefixes). The figures are
    /// printed; docs/lab-engine.md quotes them.
    /// </summary>
    [Fact]
    public void Bf16_inference_on_the_cpu_starts_as_fp32_does_and_drifts_by_rounding()
    {
        var options = new GenerationOptions { MaxNewTokens = 20, StopAtEos = false };
        (int Agreeing, int Total, int Identical, int FirstAgree, int Runs) Compare(string directory, IEnumerable<int[]> prompts)
        {
            var tokenizer = LabTokenizer.Load(directory);
            using var full = LlamaModel.Load(directory, LabCompute.Parse("cpu", "fp32"));
            using var half = LlamaModel.Load(directory, LabCompute.Parse("cpu", "bf16"));
            int agreeing = 0, total = 0, identical = 0, firstAgree = 0, runs = 0;
            foreach (var prompt in prompts)
            {
                var expected = new TextGenerator(full, tokenizer).Generate(prompt, options).Tokens;
                var actual = new TextGenerator(half, tokenizer).Generate(prompt, options).Tokens;
                int prefix = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
                agreeing += prefix;
                total += expected.Count;
                runs++;
                if (prefix == expected.Count && actual.Count == expected.Count) identical++;
                if (prefix > 0) firstAgree++;
            }
            return (agreeing, total, identical, firstAgree, runs);
        }

        string[] questions = ["What is the capital of France?", "Count from one to five.", "Is the sky green? Answer yes or no.", "Reverse the word stone."];
        foreach (var name in new[] { "tw-base", "tw-small" })
        {
            var directory = LabModels.ResolveDirectory("lab:" + name);
            var tokenizer = LabTokenizer.Load(directory);
            var prompts = questions.Select(q => tokenizer.Encode(tokenizer.FormatChat([new ChatMessageText("user", q)], addGenerationPrompt: true)));
            var (agreeing, total, identical, firstAgree, runs) = Compare(directory, prompts);
            log.WriteLine($"{name}: bf16 vs fp32 greedy: {agreeing}/{total} tokens before the first difference; {identical}/{runs} answers identical; first token equal in {firstAgree}/{runs}");
            Assert.Equal(runs, firstAgree);
            Assert.True(agreeing >= total / 4, $"{name}: bf16 agreed on {agreeing}/{total} greedy tokens");
        }
        foreach (var name in new[] { "llama-gqa", "smollm2-tied", "qwen2-tied", "mistral-beyond-window" })
        {
            using var temp = new TempDirectory();
            FamilyEquivalenceTests.WriteCheckpoint(temp.Path, FamilyEquivalenceTests.LayoutNamed(name));
            var (agreeing, total, identical, _, runs) = Compare(temp.Path, [[1, 17, 250, 3, 99, 42]]);
            log.WriteLine($"{name} (random weights): bf16 vs fp32 greedy: {agreeing}/{total} tokens before the first difference; {identical}/{runs} identical");
            Assert.True(agreeing >= 1, $"{name}: bf16 and fp32 differ from the first token");
        }
    }

    [Theory]
    [InlineData(FineTuneMethod.Lora)]
    [InlineData(FineTuneMethod.Full)]
    public void Training_at_bf16_on_the_cpu_lowers_the_loss_and_writes_what_loads(FineTuneMethod method)
    {
        using var directory = new TempDirectory();
        var modelDirectory = directory.File("base");
        RandomCheckpoint.Write(modelDirectory, layers: 1, hiddenSize: 32, seed: 3, family: "qwen2");
        var data = directory.File("train.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 16).Select(i => $$"""{"input": "hello {{i % 4}}", "expected": "{{(i % 2 == 0 ? "yes" : "no")}}"}"""));
        TrainingResult Train(string dtype, string output) => LabFineTuning.Run(new FineTuneRequest
        {
            Model = modelDirectory,
            TrainData = data,
            Method = method,
            OutputDirectory = output,
            Compute = LabCompute.Parse("cpu", dtype),
            Lora = new LoraOptions { Rank = 4, Alpha = 8 },
            Trainer = new TrainerOptions { Epochs = 4, BatchSize = 4, LearningRate = 1e-2, WarmupSteps = 1 },
        });
        var reference = Train("fp32", directory.File("fp32"));
        var output = directory.File("out");
        var result = Train("bf16", output);
        string curves = $"bf16 loss {result.LossCurve[0]} → {result.LossCurve[^1]}, fp32 {reference.LossCurve[0]} → {reference.LossCurve[^1]}";
        log.WriteLine(curves);
        Assert.True(result.LossCurve[^1] < result.LossCurve[0], curves);
        Assert.True(Math.Abs(result.LossCurve[^1] - reference.LossCurve[^1]) < 0.1 * (reference.LossCurve[0] - reference.LossCurve[^1]), curves);
        using var client = LabModels.CreateChatClient(output, directory.Path, LabCompute.Parse("cpu", "bf16"));
        var model = client.GetService(typeof(LlamaModel)) as LlamaModel;
        Assert.NotNull(model);
        Assert.Equal(ScalarType.BFloat16, model.DType);
        if (method == FineTuneMethod.Lora)
        {
            Assert.True(File.Exists(Path.Combine(output, PeftAdapter.WeightsFile)));
        }
        else
        {
            using var weights = SafeTensorsFile.Open(Path.Combine(output, LlamaCheckpoint.SingleWeightsFile));
            Assert.All(weights.Tensors.Values, t => Assert.Equal("BF16", t.DTypeName));
        }
    }
}
