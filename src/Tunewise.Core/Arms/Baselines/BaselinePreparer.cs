using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Tunewise.Results;
using Tunewise.Serialization;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Arms.Baselines;

/// <summary>
/// Prepares a baseline arm: trains its classifier on the train split (what curation kept, checked against the frozen test
/// set) and hands it on as the arm's client, so the arm is evaluated, scored and stored like any other. The training's
/// process CPU time is stored as the arm's one-off compute. When the store already holds every test answer of the arm,
/// nothing is trained again.
/// </summary>
public sealed class BaselinePreparer(RunStore store, IBaselineTrainer? trainer) : IArmPreparer
{
    /// <summary>How the arm's classifier was trained, as the run store holds it (the default naming it was always stored in).</summary>
    public static RunArtifact<BaselineSummary> Artifact { get; } =
        new(RunArtifacts.Baseline, TypedJson.Info<BaselineSummary>(new JsonSerializerOptions { TypeInfoResolver = CoreJsonContext.Default }));

    public bool Prepares(ArmSpec arm) => arm?.Baseline is not null;

    public async IAsyncEnumerable<PreparedArm> PrepareAsync(ArmPreparation preparation, ArmSpec arm, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        ArgumentNullException.ThrowIfNull(arm);
        var spec = arm.Baseline ?? throw new ArgumentException($"arm '{arm.Name}' is not a baseline arm", nameof(arm));
        var study = preparation.Study;
        var model = study.ModelOf(arm);
        // The prompt is the example's input fields alone, the text the classifier was trained on.
        var asRun = arm with { Prompt = new PromptSpec { Template = string.Join("\n", study.Task.Input.Select(f => "{{" + f + "}}")) } };

        var completed = await store.GetCompletedAsync(preparation.RunId, includeErrors: false, cancellationToken).ConfigureAwait(false);
        var answered = completed.Count(k => k.Arm == arm.Name);
        if (answered >= preparation.Split.Test.Count * Math.Max(1, arm.Repeat))
        {
            yield return new PreparedArm(asRun, model, new BaselineChatClient(new UntrainedClassifier(arm.Name), model.Reference));
            yield break;
        }
        if (trainer is null)
            throw new UserInputException($"arm '{arm.Name}': this command cannot train baseline classifiers; run the study with 'tunewise run'.");
        if (trainer.UnavailableReason is { } reason)
            throw new UserInputException($"arm '{arm.Name}': baseline {spec.KindName} is not available: {reason}");

        var examples = preparation.Split.Train.Where(e => preparation.CleanIds is null || preparation.CleanIds.Contains(e.Id)).ToList();
        preparation.Guard.EnsureNotTest(examples, Tunewise.Data.Splits.TestSetGuard.TrainingPurpose(arm.Name));
        var train = examples
            .Where(e => e.Fields.TryGetValue(study.Task.Expected, out var label) && !string.IsNullOrWhiteSpace(label))
            .Select(e => new LabelledText(TextOf(study, e), e.Fields[study.Task.Expected].Trim()))
            .ToList();
        var labels = train.Select(t => t.Label).Distinct(StringComparer.Ordinal).Count();
        if (labels < 2)
            throw new UserInputException($"arm '{arm.Name}': a baseline classifier needs training examples of at least two labels; the train split has {train.Count} labelled example(s) of {labels} label(s).");

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var classifier = await Task.Run(() => trainer.Train(spec, train, cancellationToken), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        await RecordTrainingAsync(preparation.RunId, arm.Name, new BaselineSummary(spec.KindName, spec.Kind == BaselineKind.TfidfKnn ? spec.Neighbours : null,
            train.Count, labels, cpuSeconds, clock.Elapsed.TotalSeconds)).ConfigureAwait(false);
        yield return new PreparedArm(asRun, model, new BaselineChatClient(classifier, model.Reference));
    }

    /// <summary>The example's input fields joined by newlines: the text a baseline trains and predicts on.</summary>
    public static string TextOf(Study study, Tunewise.Data.Example example)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(example);
        return string.Join("\n", study.Task.Input.Select(f => example.Fields.TryGetValue(f, out var v) ? v : ""));
    }

    private async Task RecordTrainingAsync(string runId, string arm, BaselineSummary training)
    {
        // A resumed run that trains again pays again: the seconds add up.
        var previous = await store.LoadAsync(runId, Artifact.For(arm), CancellationToken.None).ConfigureAwait(false);
        var total = previous is null ? training : training with
        {
            TrainingCpuSeconds = previous.TrainingCpuSeconds + training.TrainingCpuSeconds,
            TrainingSeconds = previous.TrainingSeconds + training.TrainingSeconds,
        };
        await store.SaveAsync(runId, Artifact.For(arm), total, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stands in when every answer is stored: the evaluator calls nothing, so training would be waste.</summary>
    private sealed class UntrainedClassifier(string arm) : ITextClassifier
    {
        public string Classify(string text) => throw new InvalidOperationException($"arm '{arm}' has every answer stored and was not trained again");
    }
}
