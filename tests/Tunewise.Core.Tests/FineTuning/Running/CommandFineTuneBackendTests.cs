using System.Text.Json.Nodes;
using Tunewise.FineTuning.Running;
using Tunewise.Progress;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.FineTuning.Running;

/// <summary>
/// The external-trainer backend with real shell processes standing in for a trainer: they write an adapter or a
/// checkpoint where a real one would, so what is tested is how the backend runs, reuses and picks up their work.
/// </summary>
public class CommandFineTuneBackendTests
{
    private sealed class Arm : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public Arm()
        {
            // A space in the path: every placeholder must reach the shell as one word.
            Folder = _dir.File("run folder/arm");
            Directory.CreateDirectory(Folder);
            Base = _dir.File("base model");
            Directory.CreateDirectory(Base);
            File.WriteAllText(Path.Combine(Base, "tokenizer.json"), "{\"base\": true}");
            TrainData = Path.Combine(Folder, "train.jsonl");
            File.WriteAllText(TrainData, """
                {"id":"a","messages":[{"role":"system","content":"Answer."},{"role":"user","content":"one"},{"role":"assistant","content":"1"}]}
                {"id":"b","messages":[{"role":"user","content":"two"},{"role":"assistant","content":"2"}]}

                """);
        }

        public string Folder { get; }
        public string Base { get; }
        public string TrainData { get; }
        public string Counter => _dir.File("runs.txt");
        public int Runs => File.Exists(Counter) ? File.ReadAllLines(Counter).Length : 0;

        public FineTuneJob Job(string command, string output = CommandTrainerSpec.DefaultOutput, decimal? price = null, IReadOnlySet<string>? frozen = null,
            string? gpu = null, int? gpus = null) =>
            new("arm", new ModelSpec("tiny", ModelProviders.Lab, Base),
                new FineTuneSpec
                {
                    Command = new CommandTrainerSpec { Trainer = "axolotl", Command = $"echo run >> '{Counter}'; {command}", Output = output, PricePerHour = price, Gpu = gpu, GpuCount = gpus },
                },
                TrainData, null, Path.Combine(Folder, "model"), 13) { FrozenTestIds = frozen };

        public void Dispose() => _dir.Dispose();
    }

    private static readonly CommandFineTuneBackend Backend = new(model => model.Model);

    private const string WriteAdapter = """mkdir -p {output} && printf '{"peft_type":"LORA","base_model_name_or_path":"/somewhere/else","r":4}' > {output}/adapter_config.json && printf 'weights' > {output}/adapter_model.safetensors""";

    [Fact]
    public void The_command_runs_on_the_written_pack_and_its_adapter_is_picked_up_with_the_study_base_and_priced_by_wall_time()
    {
        using var arm = new Arm();

        var outcome = Backend.Train(arm.Job($"sleep 1; echo trained {{base}} > {{pack}}/seen.txt; {WriteAdapter}", price: 3.6m), NullProgressReporter.Instance, CancellationToken.None);

        var pack = Path.Combine(arm.Folder, CommandFineTuneBackend.PackFolder);
        Assert.Equal($"trained {arm.Base}\n", File.ReadAllText(Path.Combine(pack, "seen.txt")));
        Assert.Contains(arm.Base, File.ReadAllText(Path.Combine(pack, "config.yml")));
        var lines = File.ReadAllLines(Path.Combine(pack, "train.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"role\":\"system\",\"content\":\"Answer.\"", lines[0]);
        Assert.DoesNotContain("system", lines[1]);
        Assert.Equal("lab:" + Path.Combine(arm.Folder, "model"), outcome.ModelReference);
        var adapter = JsonNode.Parse(File.ReadAllText(Path.Combine(arm.Folder, "model", "adapter_config.json")))!;
        Assert.Equal(arm.Base, adapter["base_model_name_or_path"]!.GetValue<string>());
        Assert.Equal(4, adapter["r"]!.GetValue<int>());
        Assert.Equal("weights", File.ReadAllText(Path.Combine(arm.Folder, "model", "adapter_model.safetensors")));
        Assert.Equal(2, outcome.TrainExamples);
        Assert.InRange(outcome.TrainingSeconds, 1, 60);
        Assert.Equal(Math.Round(3.6m * (decimal)outcome.TrainingSeconds / 3600m, 4), outcome.TrainingCostUsd!.Value, 3);
        Assert.True(Backend.IsAvailable(outcome));

        var again = Backend.Train(arm.Job($"sleep 1; echo trained {{base}} > {{pack}}/seen.txt; {WriteAdapter}", price: 3.6m), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(1, arm.Runs);
        Assert.Equal(outcome.TrainingSeconds, again.TrainingSeconds);
    }

    [Fact]
    public void Without_a_price_per_hour_the_named_gpu_is_priced_from_the_catalog_and_an_unknown_one_stops_the_arm_before_it_trains()
    {
        using var arm = new Arm();
        var catalog = new Tunewise.FineTuning.Planning.GpuCatalog([
            new("H100-80GB", 80_000_000_000, 989, 0.4, 4.5, "spec sheet", "a cloud's price list", new DateOnly(2026, 11, 1))]);
        var backend = new CommandFineTuneBackend(model => model.Model, catalog);

        var outcome = backend.Train(arm.Job($"sleep 1; {WriteAdapter}", gpu: "h100-80gb", gpus: 2), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(Math.Round(2 * 4.5m * (decimal)outcome.TrainingSeconds / 3600m, 4), outcome.TrainingCostUsd!.Value, 4);
        Assert.Equal("wall time × 2 × H100-80GB at $4.5 per GPU-hour (GPU catalog: a cloud's price list, as of 2026-11-01)", outcome.TrainingCostBasis);
        // The arm's own price wins over the catalog, and says so.
        using var priced = new Arm();
        var own = backend.Train(priced.Job(WriteAdapter, price: 1.2m), NullProgressReporter.Instance, CancellationToken.None);
        Assert.Equal("wall time × $1.2 per hour (price_per_hour)", own.TrainingCostBasis);
        // Neither: the cost is unknown, not guessed.
        using var unpriced = new Arm();
        var none = backend.Train(unpriced.Job(WriteAdapter), NullProgressReporter.Instance, CancellationToken.None);
        Assert.Null(none.TrainingCostUsd);
        Assert.Null(none.TrainingCostBasis);

        using var unknown = new Arm();
        var error = Assert.Throws<FineTuneFailedException>(() =>
            backend.Train(unknown.Job(WriteAdapter, gpu: "TPU-v5"), NullProgressReporter.Instance, CancellationToken.None));
        Assert.Equal("arm 'arm': finetune.gpu 'TPU-v5' is not in the GPU catalog; it has H100-80GB. Or give finetune.price_per_hour", error.Message);
        Assert.Equal(0, unknown.Runs);
    }

    [Fact]
    public async Task A_study_stopped_while_the_command_ran_finds_the_finished_output_on_restart_and_does_not_train_again()
    {
        using var arm = new Arm();
        using var stop = new CancellationTokenSource();
        var adapterFile = Path.Combine(arm.Folder, CommandFineTuneBackend.PackFolder, "outputs", "adapter_model.safetensors");
        // As a cluster job whose sbatch --wait is interrupted: the model is written, then the command is stopped while it waits.
        var running = Task.Run(() => Backend.Train(arm.Job($"{WriteAdapter}; sleep 60"), NullProgressReporter.Instance, stop.Token));
        while (!File.Exists(adapterFile) && !running.IsCompleted)
            await Task.Delay(50);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var outcome = Backend.Train(arm.Job("exit 1"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(1, arm.Runs);
        Assert.True(File.Exists(Path.Combine(arm.Folder, "model", "adapter_config.json")));
        Assert.InRange(outcome.TrainingSeconds, 0, 60);
    }

    [Fact]
    public void A_full_checkpoint_in_the_newest_subfolder_is_picked_up_with_the_base_tokenizer()
    {
        using var arm = new Arm();
        const string checkpoints = """
            mkdir -p {output}/checkpoint-1 {output}/checkpoint-2 && echo '{}' > {output}/checkpoint-1/config.json && echo w > {output}/checkpoint-1/model.safetensors &&
            sleep 1 && echo '{}' > {output}/checkpoint-2/config.json && echo w > {output}/checkpoint-2/model.safetensors
            """;

        var outcome = Backend.Train(arm.Job(checkpoints.ReplaceLineEndings(" "), output: "trained"), NullProgressReporter.Instance, CancellationToken.None);

        var newest = Path.Combine(arm.Folder, CommandFineTuneBackend.PackFolder, "trained", "checkpoint-2");
        Assert.Equal("lab:" + newest, outcome.ModelReference);
        Assert.Equal("{\"base\": true}", File.ReadAllText(Path.Combine(newest, "tokenizer.json")));
        Assert.Null(outcome.TrainingCostUsd);
    }

    [Fact]
    public void A_failing_command_or_one_that_leaves_no_model_names_the_arm_and_its_log()
    {
        using var arm = new Arm();

        var failed = Assert.Throws<FineTuneFailedException>(() => Backend.Train(arm.Job("echo loading; echo 'Traceback: out of memory' >&2; exit 7"), NullProgressReporter.Instance, CancellationToken.None));

        var log = Path.Combine(arm.Folder, CommandFineTuneBackend.LogFile);
        Assert.Equal(log, failed.Log);
        Assert.StartsWith("arm 'arm': the training command exited with code 7. Its log: " + log, failed.Message);
        Assert.Contains("Traceback: out of memory", failed.Message);
        Assert.Contains("loading", File.ReadAllText(log));

        var empty = Assert.Throws<FineTuneFailedException>(() => Backend.Train(arm.Job("echo nothing written"), NullProgressReporter.Instance, CancellationToken.None));

        Assert.Contains("holds neither a PEFT adapter", empty.Message);
        Assert.Contains(log, empty.Message);
        Assert.Equal(2, arm.Runs);
    }

    [Fact]
    public void The_pack_refuses_a_frozen_test_example_before_the_command_runs()
    {
        using var arm = new Arm();

        var refused = Assert.Throws<UserInputException>(() => Backend.Train(arm.Job(WriteAdapter, frozen: new HashSet<string> { "b" }), NullProgressReporter.Instance, CancellationToken.None));

        Assert.Contains("frozen test split: 'b'", refused.Message);
        Assert.Equal(0, arm.Runs);
    }
}
