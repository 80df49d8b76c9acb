using Tunewise.Serialization;
using Tunewise.Storage;
using System.Globalization;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>
/// Counts, before any call, the tokens of every prompt an arm will send (each frozen test example, with its
/// demonstrations) and of every training sequence a fine-tuning arm will train on, against the model's context window,
/// and decides under the arm's <c>truncate</c> policy whether the arm can run. <c>study check</c> and <c>run</c> share it.
/// </summary>
public static class ContextCheck
{
    /// <summary>How fits are stored in the run store and read back for the report.</summary>
    public static System.Text.Json.JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = Serialization.CoreJsonContext.Default,
    };

    /// <summary>Each arm's fit, stored per arm before the first call, so the summary reports not-run arms with their reason.</summary>
    public static RunArtifact<ArmContextFit> Artifact { get; } = new(RunArtifacts.Context, TypedJson.Info<ArmContextFit>(Json));

    /// <summary>Every arm whose model's window is known, by arm name; arms of unknown windows are left out (nothing to count against).</summary>
    /// <param name="cleanIds">The train and dev ids curation keeps: a fine-tuning arm with <c>finetune.clean</c> trains on those only.</param>
    public static IReadOnlyDictionary<string, ArmContextFit> CheckStudy(Study study, DataSplit split, TestSetGuard? guard, IReadOnlyList<string> labels,
        Func<ModelSpec, IModelContextWindow?>? windows, IReadOnlySet<string>? cleanIds = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        var fits = new Dictionary<string, ArmContextFit>(StringComparer.Ordinal);
        if (windows is null)
            return fits;
        foreach (var arm in study.Arms)
        {
            if (windows(study.ModelOf(arm)) is { } window)
                fits[arm.Name] = Check(study, arm, split, guard, labels, window, cleanIds);
        }
        return fits;
    }

    /// <param name="window">The model's window (a fine-tuning arm's base model).</param>
    public static ArmContextFit Check(Study study, ArmSpec arm, DataSplit split, TestSetGuard? guard, IReadOnlyList<string> labels,
        IModelContextWindow window, IReadOnlySet<string>? cleanIds = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(window);
        var model = study.ModelOf(arm).Reference;
        var fitter = new ContextFitter(window, arm, study.Task);
        var fit = new ArmContextFit
        {
            Arm = arm.Name,
            Model = model,
            ContextTokens = window.Tokens,
            PromptLimit = fitter.Limit,
            Source = window.Source,
            Counter = window.Counter,
            Policy = arm.Truncate.ToString().ToLowerInvariant(),
        };
        if (arm.Kind == ArmKind.FineTuning)
            fit = CheckTraining(study, arm, split, guard, labels, window, cleanIds, fit);
        // A retrieval arm's passages are only known once retrieved: its prompts are fitted call by call in the run.
        if (arm.Kind != ArmKind.Retrieval)
            fit = CheckPrompts(study, arm, split, guard, labels, fitter, fit);
        return fit with { NotRunReason = NotRunReason(fit) };
    }

    private static ArmContextFit CheckPrompts(Study study, ArmSpec arm, DataSplit split, TestSetGuard? guard, IReadOnlyList<string> labels,
        ContextFitter fitter, ArmContextFit fit)
    {
        var pool = split.Train.Concat(split.Dev).ToList();
        using var renderer = new PromptRenderer(arm, study.Task, pool, guard, labels, ResponseSchemas.Of(study, arm));
        int longest = 0, over = 0, dropped = 0, cut = 0, unfit = 0;
        foreach (var example in split.Test)
        {
            var fitted = fitter.Fit(renderer, example);
            longest = Math.Max(longest, fitted.FullTokens);
            if (fitted.FullTokens > fitter.Limit) over++;
            if (!fitted.Fits) unfit++;
            else if (fitted.InputCut) cut++;
            else if (fitted.DroppedDemonstrations > 0) dropped++;
        }
        return fit with { Prompts = split.Test.Count, LongestPrompt = longest, OverLimit = over, DemonstrationsDropped = dropped, InputsCut = cut, Unfit = unfit };
    }

    private static ArmContextFit CheckTraining(Study study, ArmSpec arm, DataSplit split, TestSetGuard? guard, IReadOnlyList<string> labels,
        IModelContextWindow window, IReadOnlySet<string>? cleanIds, ArmContextFit fit)
    {
        // The study's own train split, as curation keeps it; an arm with its own finetune.train file is fitted when it trains.
        IReadOnlyList<Example> train = split.Train;
        if (arm.FineTune is { Clean: true, Train: null } && cleanIds is not null)
            train = train.Where(e => cleanIds.Contains(e.Id)).ToList();
        if (guard is not null)
        {
            var leaked = guard.FindLeaks(train).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            train = train.Where(e => !leaked.Contains(e.Id)).ToList();
        }
        var rows = TrainingPrompts.Render(study.Task, arm, train, labels, window);
        var trained = rows.Where(r => r.Prompt is not null).ToList();
        return fit with
        {
            TrainingSequences = rows.Count,
            TokensPerTrainingExample = trained.Count == 0 ? null : Math.Round(trained.Average(r => r.SequenceTokens), 1),
            LongestTrainingSequence = rows.Count == 0 ? 0 : rows.Max(r => r.FullSequenceTokens),
            TrainingOverLimit = rows.Count(r => r.FullSequenceTokens > window.Tokens),
            TrainingUnfit = rows.Count(r => r.Prompt is null),
        };
    }

    private static string? NotRunReason(ArmContextFit fit)
    {
        string Limit() => string.Create(CultureInfo.InvariantCulture,
            $"the model's context is {fit.ContextTokens} tokens ({fit.Source}){(fit.PromptLimit < fit.ContextTokens ? $", {fit.PromptLimit} for the prompt after the arm's max_tokens" : "")}");
        var policy = fit.Policy;
        if (policy == "error")
            return fit.Exceeds ? Reason(fit, Limit()) : null;
        if (fit.Unfit > 0 && policy != "skip")
            return string.Create(CultureInfo.InvariantCulture,
                $"not run: context: {fit.Unfit} of {fit.Prompts} prompts do not fit even {(policy == "input" ? "with the input cut" : "without demonstrations")}; the longest is {fit.LongestPrompt} tokens and {Limit()}");
        if (fit.TrainingUnfit > 0 && (policy != "skip" || fit.TrainingUnfit == fit.TrainingSequences))
            return string.Create(CultureInfo.InvariantCulture,
                $"not run: context: {fit.TrainingUnfit} of {fit.TrainingSequences} training sequences do not fit; the longest is {fit.LongestTrainingSequence} tokens and {Limit()}");
        if (fit.Unfit > 0 && fit.Unfit == fit.Prompts)
            return string.Create(CultureInfo.InvariantCulture, $"not run: context: none of the {fit.Prompts} prompts fits; the longest is {fit.LongestPrompt} tokens and {Limit()}");
        return null;
    }

    private static string Reason(ArmContextFit fit, string limit) =>
        string.Create(CultureInfo.InvariantCulture, $"context exceeded (truncate: error): {fit.Describe()}; {limit}");
}
