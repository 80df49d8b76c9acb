using System.Globalization;
using Tunewise.Results;

namespace Tunewise.Reports;

/// <summary>How the text renderings (Markdown, JUnit, the console table) write a measured figure.</summary>
public static class ReportText
{
    /// <summary>A metric as <c>0.850 [0.800, 0.900] n=200</c>, or <c>– n=0</c> when it has no value.</summary>
    public static string Metric(MetricEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return estimate.Value is { } value ? $"{Score(value)} [{Score(estimate.CiLow)}, {Score(estimate.CiHigh)}] n={estimate.N}" : $"– n={estimate.N}";
    }

    /// <summary>A score to three decimals, or <c>–</c> when there is none.</summary>
    /// <summary>Why fine-tuning stopped, as the report says it.</summary>
    public static string StopReason(string? reason) => reason switch
    {
        FineTuneStopReasons.Completed => "completed",
        FineTuneStopReasons.EarlyStopping => "early stopping",
        FineTuneStopReasons.MaxSteps => "budget: max_steps",
        FineTuneStopReasons.MaxMinutes => "budget: max_minutes",
        null => "–",
        _ => reason,
    };

    public static string DevSource(string? source) => source switch
    {
        FineTuneDevSources.Study => "study dev split",
        FineTuneDevSources.Carved => "held out of train",
        _ => source ?? "–",
    };

    /// <summary>Which step's weights the tuned model holds: the best dev loss, or the last step without a dev set.</summary>
    public static string KeptWeights(FineTuneSummary tune)
    {
        ArgumentNullException.ThrowIfNull(tune);
        if (tune.BestStep is not { } best)
            return tune.Steps > 0 ? $"step {tune.Steps} (the last)" : "–";
        var at = tune.DevLossSteps.ToList().LastIndexOf(best);
        var loss = at >= 0 && at < tune.DevLosses.Count ? $" {tune.DevLosses[at].ToString("0.0000", CultureInfo.InvariantCulture)}" : "";
        return $"step {best} (best dev loss{loss})";
    }

    public static string Score(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";
}
