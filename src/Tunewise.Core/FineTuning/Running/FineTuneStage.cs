using Tunewise.Results;
using Tunewise.Serialization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Models;
using Tunewise.Progress;
using Tunewise.Prompting;
using Tunewise.Statistics;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// The fine-tuning step of a run: for each fine-tuning arm, renders the training split through the
/// arm's prompt (so the model trains on exactly what it will be asked), trains through the backend,
/// and records the outcome as a run artefact. A rerun reuses the stored model instead of training again.
/// </summary>
public sealed class FineTuneStage(RunStore store, IFineTuneBackend? backend, IProgressReporter? progress = null,
    Func<ModelSpec, IChatClient>? clients = null, Func<ModelSpec, double, decimal?>? localCost = null,
    Func<ModelSpec, IModelContextWindow?>? windows = null, FineTuneForecaster? forecaster = null)
{
    public const string NoBackendReason = "not run: no fine-tuning backend is configured";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CoreJsonContext.Default,
    };

    /// <summary>A fine-tuning arm's training outcome, as the run store holds it.</summary>
    public static RunArtifact<FineTuneOutcome> Artifact { get; } = new(RunArtifacts.FineTune, TypedJson.Info<FineTuneOutcome>(Json));

    public IFineTuneBackend? Backend => backend;

    /// <summary>The tuned model to evaluate for <paramref name="arm"/>, training it first if needed; null when no backend can train the base model.</summary>
    public async Task<ModelSpec?> PrepareAsync(string runId, Study study, ArmSpec arm, DataSplit split, TestSetGuard guard,
        IReadOnlyList<string> labels, CancellationToken cancellationToken, IReadOnlySet<string>? cleanIds = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(arm);
        var spec = arm.FineTune ?? throw new ArgumentException($"Arm '{arm.Name}' is not a fine-tuning arm.", nameof(arm));
        var baseModel = study.ModelOf(arm);
        if (backend is null || !backend.Trains(baseModel, spec))
            return null;
        var stored = await LoadAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false);
        if (stored is not null && backend.IsAvailable(stored))
            return TunedModel(arm, baseModel, stored);

        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path))!, "finetune", runId, SafeName(arm.Name));
        Directory.CreateDirectory(folder);
        var source = spec.Train is { } own
            ? (await DataLoader.LoadAsync(own, new DataLoadOptions { Mapping = new DataMapping { InputFields = study.Task.Input, ExpectedField = study.Task.Expected } }, cancellationToken).ConfigureAwait(false)).Examples
            : split.Train;
        // finetune.clean (the default): train on what curation keeps of the study's own split.
        var dropped = 0;
        if (spec.Clean && spec.Train is null && cleanIds is not null)
        {
            dropped = source.Count(e => !cleanIds.Contains(e.Id));
            source = source.Where(e => cleanIds.Contains(e.Id)).ToList();
        }
        var train = TrainingExamples(source, guard, arm.Name);
        // Early stopping needs a dev set: the study's, or one held out of the training examples (never the test set),
        // carved before any learning-curve subset so every point of the curve stops on the same dev set.
        var (dev, devSource) = (TrainingExamples(split.Dev, guard, arm.Name), FineTuneDevSources.Study);
        if (dev.Count == 0)
            (train, dev, devSource) = CarveDev(train, study.Task.Split.Seed);
        else if (dev.Count > FineTuneDefaults.MaxDevExamples)
            dev = Sample(dev, FineTuneDefaults.MaxDevExamples, study.Task.Split.Seed);
        // The base model's window: sequences that do not fit are cut or left out as the arm's truncate policy says.
        var window = windows?.Invoke(baseModel);
        var devPath = dev.Count > 0 ? Path.Combine(folder, "dev.jsonl") : null;
        if (devPath is not null)
            WriteChatJsonl(devPath, study, arm, dev, labels, window);
        // A large training set is forecast first, from nested subsets scored on dev, before the full run is paid for.
        FineTuneForecast? forecast = null;
        if (forecaster is not null && FineTuneForecaster.Applies(spec, train.Count, dev.Count))
            forecast = await ForecastAsync(runId, study, arm, baseModel, train, dev, devPath!, labels, window, folder, cancellationToken).ConfigureAwait(false);
        if (spec.TrainFraction != 1)
        {
            // Up to 1 the point is a fraction of the data; above it, a number of examples.
            var size = spec.TrainFraction < 1 ? (int)Math.Round(train.Count * spec.TrainFraction, MidpointRounding.AwayFromZero) : (int)spec.TrainFraction;
            train = Nested(train, size, study.Task.Split.Seed);
        }
        if (train.Count == 0)
            throw new UserInputException($"arm '{arm.Name}': the training split has no examples to fine-tune on.");
        TeacherSummary? teacher = null;
        if (spec.Teacher is { } teacherName)
            (train, teacher) = await DistillAsync(study, arm, teacherName, train, guard, labels, cancellationToken).ConfigureAwait(false);
        var trainPath = Path.Combine(folder, "train.jsonl");
        WriteChatJsonl(trainPath, study, arm, train, labels, window);

        var job = new FineTuneJob(arm.Name, baseModel, spec, trainPath, devPath, Path.Combine(folder, "model"), study.Task.Split.Seed)
        {
            FrozenTestIds = guard.Frozen.Ids.ToHashSet(StringComparer.Ordinal),
        };
        FineTuneOutcome outcome;
        try
        {
            outcome = await Task.Run(() => backend.Train(job, progress ?? NullProgressReporter.Instance, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (FineTuneFailedException failed)
        {
            // This arm is reported with the reason; the study's other arms still run. A rerun tries the training again.
            await store.SaveAsync(runId, FailureArtifact.For(arm.Name), new FineTuneFailure(arm.Name, failed.Message, failed.Log), cancellationToken).ConfigureAwait(false);
            using (var shown = (progress ?? NullProgressReporter.Instance).Start($"{arm.Name}: fine-tuning failed: {FirstLine(failed.Message)}", 1))
                shown.Increment();
            return null;
        }
        outcome = outcome with { Teacher = teacher, DroppedByCuration = dropped, DevExamples = dev.Count, DevSource = dev.Count > 0 ? devSource : null };
        if (outcome.Forgetting is null && clients is not null)
            outcome = outcome with { Forgetting = await ForgettingAsync(spec, baseModel, TunedModel(arm, baseModel, outcome), cancellationToken).ConfigureAwait(false) };
        if (forecast is not null)
        {
            // The full model on the same dev set, before its outcome is stored: a stored outcome always has its forecast judged.
            var measured = await forecaster!.MeasureAsync(study, arm, TunedModel(arm, baseModel, outcome), TrainingPrompts.Render(study.Task, arm, dev, labels, window),
                labels, 1, outcome.TrainExamples, cancellationToken).ConfigureAwait(false);
            await forecaster.SaveAsync(runId, arm.Name, FineTuneForecaster.Predict(forecast with { Measured = measured }), cancellationToken).ConfigureAwait(false);
        }
        await store.SaveAsync(runId, Artifact.For(arm.Name), outcome, cancellationToken).ConfigureAwait(false);
        return TunedModel(arm, baseModel, outcome);
    }

    /// <summary>
    /// Trains the arm on each forecast subset the stored forecast does not hold yet (each under a time budget), scores it on
    /// dev, saves the forecast after every subset, and states the prediction for the full set before it is trained on.
    /// </summary>
    private async Task<FineTuneForecast> ForecastAsync(string runId, Study study, ArmSpec arm, ModelSpec baseModel, List<Example> train, List<Example> dev,
        string devPath, IReadOnlyList<string> labels, IModelContextWindow? window, string folder, CancellationToken cancellationToken)
    {
        var spec = arm.FineTune!;
        var seed = study.Task.Split.Seed;
        var reporter = progress ?? NullProgressReporter.Instance;
        var forecast = await forecaster!.LoadAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false)
            ?? new FineTuneForecast { Metric = forecaster.Metric(study, labels), TrainExamples = train.Count, Threshold = spec.ForecastAbove, DevExamples = dev.Count };
        if (forecast.Prediction is null)
        {
            var devPrompts = TrainingPrompts.Render(study.Task, arm, dev, labels, window);
            foreach (var (fraction, size) in FineTuneForecaster.Subsets(train.Count))
            {
                if (forecast.Points.Any(p => p.TrainExamples == size))
                    continue;
                var subsetFolder = Path.Combine(folder, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"forecast-{size}"));
                Directory.CreateDirectory(subsetFolder);
                var subsetPath = Path.Combine(subsetFolder, "train.jsonl");
                WriteChatJsonl(subsetPath, study, arm, Nested(train, size, seed), labels, window);
                var minutes = Math.Min(FineTuneDefaults.ForecastMaxMinutes, spec.MaxMinutes is { } budget ? budget * fraction : double.PositiveInfinity);
                var subsetSpec = spec with { TrainFraction = fraction, LearningCurve = [], MaxMinutes = minutes };
                var job = new FineTuneJob(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{arm.Name}: forecast {size}"), baseModel, subsetSpec,
                    subsetPath, devPath, Path.Combine(subsetFolder, "model"), seed);
                var outcome = await Task.Run(() => backend!.Train(job, reporter, cancellationToken), cancellationToken).ConfigureAwait(false);
                var point = await forecaster.MeasureAsync(study, arm, TunedModel(arm, baseModel, outcome), devPrompts, labels, fraction, outcome.TrainExamples, cancellationToken)
                    .ConfigureAwait(false);
                forecast = forecast with
                {
                    Points = [.. forecast.Points.Append(point).OrderBy(p => p.TrainExamples)],
                    StopReasons = [.. forecast.StopReasons, outcome.StopReason],
                    TrainingSeconds = Math.Round(forecast.TrainingSeconds + outcome.TrainingSeconds, 3),
                };
                await forecaster.SaveAsync(runId, arm.Name, forecast, cancellationToken).ConfigureAwait(false);
            }
            forecast = FineTuneForecaster.Predict(forecast);
            await forecaster.SaveAsync(runId, arm.Name, forecast, cancellationToken).ConfigureAwait(false);
        }
        using (var line = reporter.Start(FineTuneForecaster.Describe(arm.Name, forecast), 1))
            line.Increment();
        return forecast;
    }

    /// <summary>Nested subsets: one seeded order for every size, so a smaller set is always inside a larger one.</summary>
    private static List<Example> Nested(List<Example> train, int size, int seed)
    {
        var order = train.OrderBy(e => e.Id, StringComparer.Ordinal).ToArray();
        new DeterministicRandom((ulong)seed).Shuffle(order);
        return [.. order.Take(Math.Clamp(size, 1, order.Length))];
    }

    private readonly Dictionary<string, IReadOnlyList<double>> _baseSuiteScores = new(StringComparer.Ordinal);

    /// <summary>
    /// Forgetting for backends that do not measure it themselves: the study's <c>forgetting_suite</c> (or the shipped
    /// general-skills suite) asked of the base and the tuned model through their normal clients.
    /// </summary>
    private async Task<ForgettingScores> ForgettingAsync(FineTuneSpec spec, ModelSpec baseModel, ModelSpec tuned, CancellationToken cancellationToken)
    {
        var suite = spec.ForgettingSuite is { } path ? GeneralSuite.Load(path) : GeneralSuite.Shipped;
        var key = baseModel.Reference + "|" + suite.Name;
        if (!_baseSuiteScores.TryGetValue(key, out var before))
            _baseSuiteScores[key] = before = await suite.ScoreAsync(clients!(baseModel), cancellationToken).ConfigureAwait(false);
        var after = await suite.ScoreAsync(clients!(tuned), cancellationToken).ConfigureAwait(false);
        return new ForgettingScores(suite.Name, suite.Items.Select(i => i.Id).ToList(), before, after);
    }

    /// <summary>
    /// Replaces the gold labels of <paramref name="train"/> with a teacher's answers: a prompting or retrieval arm of the
    /// study (its prompt and model), or a study model answering with this arm's prompt.
    /// </summary>
    private async Task<(List<Example> Train, TeacherSummary Teacher)> DistillAsync(Study study, ArmSpec arm, string teacherName, List<Example> train,
        TestSetGuard guard, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        if (clients is null)
            throw new InvalidOperationException("Distillation needs model clients; none were given to the fine-tuning stage.");
        var teacherArm = study.Arms.FirstOrDefault(a => a.Name == teacherName && a.Kind != ArmKind.FineTuning)
            ?? arm with { Name = teacherName, Model = teacherName, FineTune = null };
        var model = study.ModelOf(teacherArm);
        var client = clients(model);
        using var renderer = new PromptRenderer(teacherArm, study.Task, train, guard, labels);
        var labelled = new Example[train.Count];
        decimal? cost = null;
        var gate = new Lock();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var task = (progress ?? NullProgressReporter.Instance).Start($"{arm.Name}: labelling with {teacherName}", train.Count);
        await Parallel.ForEachAsync(Enumerable.Range(0, train.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var example = train[i];
                var prompt = renderer.Render(example);
                var response = await client.GetResponseAsync(prompt.Messages, prompt.Options.WithLatencyGroup($"{arm.Name}: teacher"), token).ConfigureAwait(false);
                var answer = AnswerExtractor.Extract(response.Text ?? "", teacherArm.Prompt.ChainOfThought).Trim();
                var fields = new Dictionary<string, string>(example.Fields, StringComparer.Ordinal) { [study.Task.Expected] = answer };
                labelled[i] = example with { Fields = fields };
                if (response.GetCallRecord()?.CostUsd is { } c)
                {
                    lock (gate) cost = (cost ?? 0) + c;
                }
                task.Increment();
            }).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        cost ??= localCost?.Invoke(model, seconds);
        return ([.. labelled.Where(e => e.Fields[study.Task.Expected].Length > 0)], new TeacherSummary(teacherName, model.Reference, train.Count, Math.Round(seconds, 2), cost, null));
    }

    public Task<FineTuneOutcome?> LoadAsync(string runId, string arm, CancellationToken cancellationToken) =>
        store.LoadAsync(runId, Artifact.For(arm), cancellationToken);

    /// <summary>Why an arm's training failed, as the run store holds it.</summary>
    public static RunArtifact<FineTuneFailure> FailureArtifact { get; } = new(RunArtifacts.FineTuneFailure, TypedJson.Info<FineTuneFailure>(Json));

    public Task<FineTuneFailure?> LoadFailureAsync(string runId, string arm, CancellationToken cancellationToken) =>
        store.LoadAsync(runId, FailureArtifact.For(arm), cancellationToken);

    private static string FirstLine(string text) => text.Split('\n', 2)[0];

    /// <summary>Why an arm could not be fine-tuned, for the report.</summary>
    public string NotRunReason(ModelSpec baseModel, FineTuneFailure? failure = null) => failure is not null
        ? "not run: fine-tuning failed: " + failure.Message
        : backend is null
        ? NoBackendReason
        : $"not run: the {backend.Name} fine-tuning backend cannot train '{baseModel.Reference}'";

    /// <summary>The arm trained on a nested share of its training data, evaluated under its own name (<c>ARM@0.25</c>).</summary>
    public static ArmSpec LearningCurveArm(ArmSpec arm, double fraction) =>
        arm with
        {
            Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{arm.Name}@{fraction:0.###}"),
            FineTune = arm.FineTune! with { LearningCurve = [], TrainFraction = fraction },
        };

    /// <summary>The tuned model as a study model: same price and endpoint settings as the base.</summary>
    public static ModelSpec TunedModel(ArmSpec arm, ModelSpec baseModel, FineTuneOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return TunedModel(arm, baseModel, outcome.ModelReference);
    }

    /// <summary>The tuned model at <paramref name="reference"/> (<c>provider:model</c>) as a study model: same price and endpoint settings as the base, and for a lab base, its device and dtype.</summary>
    public static ModelSpec TunedModel(ArmSpec arm, ModelSpec baseModel, string reference)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(baseModel);
        var parsed = ModelSpec.TryParse(arm.Name + "#tuned", reference)
            ?? throw new InvalidOperationException($"The fine-tuning backend returned '{reference}', which is not a provider:model reference.");
        // An external trainer's model served by its own endpoint (vLLM with --enable-lora, say) is called there.
        if (arm.FineTune?.Command?.Endpoint is { } endpoint)
            return parsed with { BaseUrl = endpoint.BaseUrl, ApiKeyEnv = endpoint.ApiKeyEnv, Price = baseModel.Price, Limits = baseModel.Limits, ContextWindow = baseModel.ContextWindow };
        // A lab model tuned from a lab base runs where the base runs, at its precision (a bf16 base gives a bf16 checkpoint).
        var sameEngine = parsed.Provider == ModelProviders.Lab && baseModel.Provider == ModelProviders.Lab;
        return parsed with
        {
            BaseUrl = baseModel.BaseUrl, ApiKeyEnv = baseModel.ApiKeyEnv, Price = baseModel.Price, Limits = baseModel.Limits, ContextWindow = baseModel.ContextWindow,
            Device = sameEngine ? baseModel.Device : null, DType = sameEngine ? baseModel.DType : null,
        };
    }

    /// <summary>The report's view of a training outcome, with forgetting as a paired difference (tuned − base) and its CI.</summary>
    public static FineTuneSummary Summarize(FineTuneOutcome outcome)
    {
        ForgettingSummary? forgetting = null;
        if (outcome.Forgetting is { Base.Count: > 0 } f)
        {
            var comparison = PairedComparer.Compare("tuned", "base", "general_skills", f.Tuned.ToArray(), f.Base.ToArray());
            forgetting = new ForgettingSummary(f.Suite, f.Base.Count, f.Base.Average(), f.Tuned.Average(),
                comparison.Difference.Value, comparison.Difference.CiLow, comparison.Difference.CiHigh, comparison.PValue);
        }
        return new FineTuneSummary(outcome, outcome.ModelReference) { Forgetting = forgetting, Teacher = outcome.Teacher };
    }

    /// <summary>
    /// Holds <see cref="FineTuneDefaults.DevExamplesFor"/> of <paramref name="train"/> out as a dev set: the examples in id
    /// order, shuffled by the split seed, so the same study holds out the same examples on every run and machine.
    /// </summary>
    internal static (List<Example> Train, List<Example> Dev, string Source) CarveDev(List<Example> train, int seed)
    {
        var count = FineTuneDefaults.DevExamplesFor(train.Count);
        if (count == 0)
            return (train, [], FineTuneDevSources.Carved);
        var dev = Sample(train, count, seed);
        var held = dev.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return ([.. train.Where(e => !held.Contains(e.Id))], dev, FineTuneDevSources.Carved);
    }

    /// <summary>A large dev split is evaluated often: a seeded sample of it keeps each evaluation cheap and the same on every run.</summary>
    internal static List<Example> Sample(List<Example> examples, int count, int seed)
    {
        var order = examples.OrderBy(e => e.Id, StringComparer.Ordinal).ToArray();
        new DeterministicRandom((ulong)seed ^ 0xDE5E_7000_0000_0000UL).Shuffle(order);
        var kept = order.Take(count).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return [.. examples.Where(e => kept.Contains(e.Id))];
    }

    private static List<Example> TrainingExamples(IReadOnlyList<Example> examples, TestSetGuard guard, string arm)
    {
        // Anything that is, or copies, a test example never reaches training.
        var leaked = guard.FindLeaks(examples).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var kept = examples.Where(e => !leaked.Contains(e.Id)).ToList();
        guard.EnsureNotTest(kept, TestSetGuard.TrainingPurpose(arm));
        return kept;
    }

    private static void WriteChatJsonl(string path, Study study, ArmSpec arm, IReadOnlyList<Example> examples, IReadOnlyList<string> labels,
        IModelContextWindow? window)
    {
        var text = new StringBuilder();
        foreach (var row in TrainingPrompts.Render(study.Task, arm, examples, labels, window))
        {
            if (row.Prompt is not { } prompt)
                continue;
            var messages = new JsonArray();
            foreach (var message in prompt.Messages)
                messages.Add((JsonNode)new JsonObject { ["role"] = message.Role == ChatRole.System ? "system" : "user", ["content"] = message.Text });
            messages.Add((JsonNode)new JsonObject { ["role"] = "assistant", ["content"] = row.Answer });
            text.Append(new JsonObject { ["id"] = row.Example.Id, ["messages"] = messages }.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).Append('\n');
        }
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    private static string SafeName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
