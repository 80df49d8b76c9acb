using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Tunewise.Evaluation.Scoring;
using Tunewise.Evaluation.Summary;
using Tunewise.Models;
using Tunewise.Prompting;
using Tunewise.Results;
using Tunewise.Serialization;
using Tunewise.Statistics;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// Scores a fine-tuning arm's models on its dev set for the forecast that runs before a large training set is paid for
/// (<see cref="FineTuneForecast"/>), and owns the forecast as a run artefact, saved after every subset, so a resumed run
/// trains no subset twice. The fine-tuning stage trains the subsets; this class measures them and reads the curve forward.
/// </summary>
public sealed class FineTuneForecaster(RunStore store, Func<ModelSpec, IChatClient> clients, ScorerRegistry? scorers = null,
    BootstrapOptions? bootstrap = null, int concurrency = 4)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CoreJsonContext.Default,
    };

    private readonly ScorerRegistry _scorers = scorers ?? ScorerRegistry.CreateDefault();

    /// <summary>A fine-tuning arm's forecast, as the run store holds it.</summary>
    public static RunArtifact<FineTuneForecast> Artifact { get; } = new(RunArtifacts.Forecast, TypedJson.Info<FineTuneForecast>(Json));

    /// <summary>Whether <paramref name="spec"/> forecasts a training set of <paramref name="trainExamples"/> before training on all of it.</summary>
    public static bool Applies(FineTuneSpec spec, int trainExamples, int devExamples)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // A learning-curve point or a distilled arm is not forecast: the first is itself a subset, the second would pay
        // its teacher for every subset's labels.
        // An external trainer is not run on subsets: its command trains what its pack holds, on a machine Tunewise does not time.
        return spec.ForecastAbove > 0 && trainExamples >= spec.ForecastAbove && devExamples > 0 && spec.TrainFraction == 1 && spec.Teacher is null && spec.Command is null;
    }

    /// <summary>The subset sizes a forecast of <paramref name="trainExamples"/> trains on, smallest first.</summary>
    public static IReadOnlyList<(double Fraction, int Size)> Subsets(int trainExamples) =>
        [.. FineTuneDefaults.ForecastFractions.Select(f => (f, Math.Max(1, (int)Math.Round(trainExamples * f, MidpointRounding.AwayFromZero)))).Distinct()];

    /// <summary>The primary metric the forecast scores: the requirement's, else the study's first.</summary>
    public string Metric(Study study, IReadOnlyList<string> labels) => StudyScorers.PrimaryMetric(_scorers, study, labels);

    public Task<FineTuneForecast?> LoadAsync(string runId, string arm, CancellationToken cancellationToken) =>
        store.LoadAsync(runId, Artifact.For(arm), cancellationToken);

    public Task SaveAsync(string runId, string arm, FineTuneForecast forecast, CancellationToken cancellationToken) =>
        store.SaveAsync(runId, Artifact.For(arm), forecast, cancellationToken);

    /// <summary>The forecast with its prediction read at the full size from the subsets measured so far.</summary>
    public static FineTuneForecast Predict(FineTuneForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return forecast with { Prediction = LearningCurveForecast.Predict(forecast.Points, forecast.TrainExamples, forecast.Metric, forecast.Measured?.Value) };
    }

    /// <summary>
    /// The score of <paramref name="tuned"/> on <paramref name="dev"/> (the arm's training prompts, as trained), with its
    /// bootstrap interval, as a point at <paramref name="trainExamples"/>. A failed call counts as a wrong answer.
    /// </summary>
    public async Task<LearningCurvePoint> MeasureAsync(Study study, ArmSpec arm, ModelSpec tuned, IReadOnlyList<TrainingPrompt> dev, IReadOnlyList<string> labels,
        double fraction, int trainExamples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(dev);
        var scorer = _scorers.Create(Metric(study, labels), StudyScorers.Options(labels));
        var client = clients(tuned);
        var rows = dev.Where(r => r.Prompt is not null).ToList();
        var cases = new ScoreRequest[rows.Count];
        var scores = new ScoreResult[rows.Count];
        var group = string.Create(CultureInfo.InvariantCulture, $"{arm.Name}: forecast {trainExamples}");
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (example, prompt) = (rows[i].Example, rows[i].Prompt!);
                var input = StudyScorers.InputOf(study, example);
                try
                {
                    var response = await client.GetResponseAsync(prompt.Messages, prompt.Options.WithLatencyGroup(group), token).ConfigureAwait(false);
                    cases[i] = new ScoreRequest(AnswerExtractor.Extract(response.Text ?? "", arm.Prompt.ChainOfThought), rows[i].Answer, input);
                    scores[i] = await scorer.ScoreAsync(cases[i], token).ConfigureAwait(false);
                }
                catch (ModelCallException ex)
                {
                    cases[i] = new ScoreRequest("", rows[i].Answer, input);
                    scores[i] = ScoreResult.Binary(false, ex.Message);
                }
            }).ConfigureAwait(false);
        var estimate = MetricEstimate.From(MetricEstimator.Estimate(scorer, cases, scores, bootstrap));
        return new LearningCurvePoint(fraction, trainExamples, scorer.Name, estimate.Value, estimate.CiLow, estimate.CiHigh, estimate.N);
    }

    /// <summary>One line for the progress display: what the subsets predict, before the full training starts.</summary>
    public static string Describe(string arm, FineTuneForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var measured = string.Join(", ", forecast.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value:0.000} at {p.TrainExamples}")));
        return forecast.Prediction is { Predicted: { } predicted } p
            ? string.Create(CultureInfo.InvariantCulture, $"{arm}: forecast {p.Metric} {predicted:0.000} on dev at {p.TrainExamples} examples ({p.Strength}; measured {measured})")
            : $"{arm}: no forecast for {forecast.TrainExamples} examples (measured {measured})";
    }
}
