using System.Text.Encodings.Web;
using System.Text.Json;
using Tunewise.Arms.Baselines;
using Tunewise.Evaluation.Running;
using Tunewise.FineTuning.Running;
using Tunewise.Prompting.Optimization;
using Tunewise.Robustness;
using Tunewise.Running;
using Tunewise.Serialization;
using Tunewise.Storage;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Storage;

public class RunArtifactTests
{
    private static readonly FineTuneOutcome Outcome = new()
    {
        Backend = "lab",
        ModelReference = "lab:/models/tuned-é",
        Method = "lora",
        TrainExamples = 40,
        Steps = 12,
        LossCurve = [2.5, 1.25],
    };

    [Fact]
    public async Task Typed_artefacts_store_the_text_their_owners_always_stored()
    {
        using var dir = new TempDirectory();
        await using var store = await RunStore.OpenAsync(dir.File("tunewise.db"));
        var run = await store.StartRunAsync("intents", "h", "study.yaml");

        await store.SaveAsync(run.Id, FineTuneStage.Artifact.For("tuned"), Outcome);
        await store.SaveAsync(run.Id, ArmCompute.Artifact.For("tuned"), new ArmCompute(1.5, 3));

        // The forms written before artefacts were typed: snake_case with relaxed escaping, and the default naming.
        var before = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = CoreJsonContext.Default,
        };
        Assert.Equal(TypedJson.Serialize(Outcome, before), await store.GetArtifactAsync(run.Id, "finetune:tuned"));
        // Written out, in the order the fields have always been stored in.
        Assert.Equal(
            "{\"backend\":\"lab\",\"model_reference\":\"lab:/models/tuned-é\",\"method\":\"lora\",\"train_examples\":40,\"replay_examples\":0,\"steps\":12," +
            "\"trained_tokens\":0,\"trainable_parameters\":0,\"total_parameters\":0,\"training_seconds\":0,\"loss_curve\":[2.5,1.25],\"dev_losses\":[],\"dev_loss_steps\":[]," +
            "\"stopped_early\":false,\"planned_steps\":0,\"stop_reason\":null,\"best_step\":null,\"dev_examples\":0,\"dev_source\":null,\"forgetting\":null,\"planned_memory_bytes\":null,\"measured_memory_bytes\":null,\"job_id\":null," +
            "\"dropped_by_curation\":0,\"teacher\":null}",
            await store.GetArtifactAsync(run.Id, "finetune:tuned"));
        Assert.Equal("{\"Seconds\":1.5,\"Calls\":3}", await store.GetArtifactAsync(run.Id, "compute:tuned"));
    }

    [Fact]
    public async Task A_store_written_before_artefacts_were_typed_still_reads()
    {
        using var dir = new TempDirectory();
        await using var store = await RunStore.OpenAsync(dir.File("tunewise.db"));
        var run = await store.StartRunAsync("intents", "h", "study.yaml");
        await store.SaveArtifactAsync(run.Id, "compute:zero-shot", "{\"Seconds\":4.25,\"Calls\":17}");
        await store.SaveArtifactAsync(run.Id, "finetune:tuned",
            "{\"backend\":\"lab\",\"model_reference\":\"lab:/models/tuned-é\",\"method\":\"lora\",\"train_examples\":40,\"steps\":12,\"loss_curve\":[2.5,1.25]}");

        Assert.Equal(new ArmCompute(4.25, 17), await store.LoadAsync(run.Id, ArmCompute.Artifact.For("zero-shot")));
        var outcome = await store.LoadAsync(run.Id, FineTuneStage.Artifact.For("tuned"));
        Assert.Equal(("lab:/models/tuned-é", 40, 12), (outcome!.ModelReference, outcome.TrainExamples, outcome.Steps));
        Assert.Equal([2.5, 1.25], outcome.LossCurve);
        Assert.Null(await store.LoadAsync(run.Id, ArmCompute.Artifact.For("other")));
    }

    [Fact]
    public async Task A_per_arm_artefact_needs_its_arm_and_a_run_level_one_has_none()
    {
        using var dir = new TempDirectory();
        await using var store = await RunStore.OpenAsync(dir.File("tunewise.db"));
        var run = await store.StartRunAsync("intents", "h", "study.yaml");

        var unbound = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(run.Id, ArmCompute.Artifact, new ArmCompute(1, 1)));
        Assert.Contains("'compute'", unbound.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.LoadAsync(run.Id, FineTuneStage.Artifact));
        Assert.Throws<InvalidOperationException>(() => RunResumption.CurationArtifact.For("a"));
        Assert.Throws<InvalidOperationException>(() => ArmCompute.Artifact.For("a").For("b"));
        Assert.Equal("compute:a", ArmCompute.Artifact.For("a").Name);
        Assert.Equal("curation", RunResumption.CurationArtifact.Name);
    }

    [Fact]
    public async Task An_artefact_stored_in_a_form_this_version_cannot_read_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tunewise.db");
        await using var store = await RunStore.OpenAsync(path);
        var run = await store.StartRunAsync("intents", "h", "study.yaml");
        await store.SaveArtifactAsync(run.Id, "compute:a", "{\"Seconds\":\"many\"}");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(run.Id, ArmCompute.Artifact.For("a")));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'compute:a'", error.Message, StringComparison.Ordinal);
        Assert.Contains(run.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_listed_kind_has_one_typed_owner()
    {
        RunArtifactKind[] owned =
        [
            RunResumption.CurationArtifact.Kind,
            RobustnessReport.Artifact.Kind,
            PromptOptimizationPreparer.Artifact.Kind,
            ArmCompute.Artifact.Kind,
            FineTuneStage.Artifact.Kind,
            FineTuneStage.FailureArtifact.Kind,
            BaselinePreparer.Artifact.Kind,
            Tunewise.Prompting.ContextCheck.Artifact.Kind,
            FineTuneForecaster.Artifact.Kind,
        ];
        Assert.Equal(RunArtifacts.Kinds, owned);
        Assert.Equal(RunArtifacts.Kinds.Count, RunArtifacts.Kinds.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
    }
}
