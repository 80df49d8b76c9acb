using Tunewise.Core.Tests.Studies;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Studies.Validation;

/// <summary><c>finetune: { backend: command, … }</c> as the study file reads and checks it.</summary>
public class CommandTrainerValidatorTests
{
    private const string Head = """
        name: x
        task: { kind: generation, train: data/train.csv, test: data/test.csv, input: text, expected: label }
        models: { tiny: lab:tw-base, remote: { provider: openai-compatible, base_url: http://127.0.0.1:9/v1, model: qwen2.5-7b } }
        arms:

        """;

    [Fact]
    public void An_external_trainer_arm_reads_every_key()
    {
        using var files = new StudyFiles();
        var yaml = Head + """
              - name: axo
                model: remote
                finetune:
                  backend: command
                  trainer: axolotl
                  command: "sbatch --wait train.sh {pack}"
                  output: "{pack}/out"
                  price_per_hour: 2.5
                  endpoint: { base_url: "http://127.0.0.1:8000/v1", model: axo-adapter, api_key_env: VLLM_KEY }
              - { name: lab-run, model: tiny, finetune: { backend: command, trainer: hf, command: "python train.py {base} {output}" } }
            """;

        var result = files.Check(yaml);

        Assert.Empty(result.Errors);
        var axo = result.Study!.Arms[0].FineTune!.Command!;
        Assert.Equal(new CommandTrainerSpec
        {
            Trainer = "axolotl",
            Command = "sbatch --wait train.sh {pack}",
            Output = "{pack}/out",
            PricePerHour = 2.5m,
            Endpoint = new CommandTrainerEndpoint("http://127.0.0.1:8000/v1", "axo-adapter", "VLLM_KEY"),
        }, axo);
        var lab = result.Study.Arms[1].FineTune!.Command!;
        Assert.Equal(CommandTrainerSpec.DefaultOutput, lab.Output);
        Assert.Null(lab.Endpoint);
        Assert.Null(lab.PricePerHour);
        Assert.True(StudySchemaTests.Evaluate(yaml).IsValid);
    }

    [Fact]
    public void Unknown_trainers_missing_commands_stray_keys_and_unevaluable_models_are_refused_at_their_lines()
    {
        using var files = new StudyFiles();
        var yaml = Head + """
              - { name: a, model: tiny, finetune: { backend: command, trainer: unsloth, command: "x" } }
              - { name: b, model: tiny, finetune: { backend: command, trainer: hf } }
              - { name: c, model: tiny, finetune: { trainer: hf, command: "x" } }
              - { name: d, model: remote, finetune: { backend: command, trainer: hf, command: "x" } }
              - { name: e, model: tiny, finetune: { backend: slurm, trainer: hf, command: "x" } }
              - { name: f, model: tiny, finetune: { backend: command, trainer: hf, command: "x", max_steps: 10, price_per_hour: -1 } }
            """;

        var lines = StudyFiles.Lines(files.Check(yaml));

        Assert.Contains(lines, l => l.StartsWith("5:", StringComparison.Ordinal) && l.Contains("finetune.trainer must be axolotl or llama-factory or torchtune or hf, not 'unsloth'"));
        Assert.Contains(lines, l => l.StartsWith("6:", StringComparison.Ordinal) && l.Contains("needs trainer") && l.Contains("and command"));
        Assert.Contains(lines, l => l.StartsWith("7:", StringComparison.Ordinal) && l.Contains("finetune.trainer applies to an external trainer only: add backend: command"));
        Assert.Contains(lines, l => l.StartsWith("8:", StringComparison.Ordinal) && l.Contains("give finetune.endpoint"));
        Assert.Contains(lines, l => l.StartsWith("9:", StringComparison.Ordinal) && l.Contains("finetune.backend must be command, not 'slurm'"));
        Assert.Contains(lines, l => l.StartsWith("10:", StringComparison.Ordinal) && l.Contains("finetune.max_steps applies to the lab trainer"));
        Assert.Contains(lines, l => l.StartsWith("10:", StringComparison.Ordinal) && l.Contains("finetune.price_per_hour must be 0 or more"));
        Assert.False(StudySchemaTests.Evaluate(Head + """  - { name: a, model: tiny, finetune: { backend: command, trainer: unsloth, command: "x" } }""").IsValid);
    }


    [Fact]
    public void A_gpu_from_the_catalog_prices_an_external_trainer_and_conflicting_or_unknown_ones_are_refused_at_their_lines()
    {
        using var files = new StudyFiles();
        var yaml = Head + """
              - { name: a, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: A100-80GB, gpus: 8 } }
              - { name: b, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: A100-80GB, price_per_hour: 2 } }
              - { name: c, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpus: 2 } }
              - { name: d, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: A100-80GB, gpus: 0 } }
              - { name: e, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: TPU-v5 } }
              - { name: f, model: tiny, finetune: { gpu: L4 } }
            """;
        var lines = StudyFiles.Lines(files.Check(yaml, gpuNames: ["L4", "A100-80GB"]));
        var a = files.Check(Head + """  - { name: a, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: A100-80GB, gpus: 8 } }""").Study!.Arms[0].FineTune!.Command!;

        Assert.Equal("A100-80GB", a.Gpu);
        Assert.Equal(8, a.GpuCount);
        Assert.DoesNotContain(lines, l => l.StartsWith("5:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("6:", StringComparison.Ordinal) && l.Contains("gives both finetune.price_per_hour and finetune.gpu: give one"));
        Assert.Contains(lines, l => l.StartsWith("7:", StringComparison.Ordinal) && l.Contains("finetune.gpus counts the finetune.gpu it trains on"));
        Assert.Contains(lines, l => l.StartsWith("8:", StringComparison.Ordinal) && l.Contains("finetune.gpus must be 1 or more (got 0)"));
        Assert.Contains(lines, l => l.StartsWith("9:", StringComparison.Ordinal) && l.Contains("finetune.gpu 'TPU-v5' is not in the GPU catalog; it has L4, A100-80GB"));
        Assert.Contains(lines, l => l.StartsWith("10:", StringComparison.Ordinal) && l.Contains("finetune.gpu applies to an external trainer only"));
        Assert.True(StudySchemaTests.Evaluate(Head + """  - { name: a, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: L4, gpus: 2 } }""").IsValid);
        Assert.False(StudySchemaTests.Evaluate(Head + """  - { name: a, model: tiny, finetune: { backend: command, trainer: hf, command: "x", gpu: L4, gpus: 0 } }""").IsValid);
    }
}
