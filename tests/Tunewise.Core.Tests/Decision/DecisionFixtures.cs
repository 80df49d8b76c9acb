using System.Collections.Immutable;
using Tunewise.Decision;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Decision;

/// <summary>Hand-made measurements: every number in a test is visible where the test builds it.</summary>
internal static class DecisionFixtures
{
    public const string Metric = "accuracy";

    public static StudyMeasurements Study(double? target, long? volume, params ArmMeasurement[] arms) => new()
    {
        Study = "support-intents",
        Requirement = target is { } t ? new RequirementSpec(Metric, t) : null,
        QueriesPerMonth = volume,
        Arms = [.. arms],
        CurationReportWritten = true,
        TestSetFrozen = true,
        BaseModelsEvaluated = 2,
    };

    /// <summary>An arm with an explicit estimate and no per-example scores.</summary>
    public static ArmMeasurement Arm(string name, ArmTechnique technique, double value, double low, double high,
        double? costPerQuery = 0.001, double? oneOff = 0, string model = "big", ModelScale scale = ModelScale.Unknown, int n = 400) => new()
    {
        Name = name,
        Technique = technique,
        Model = model,
        Scale = scale,
        FineTuneMethod = technique.IsTrained() ? FineTuneMethod.Lora : null,
        Metrics = ImmutableDictionary<string, Estimate>.Empty.Add(Metric, new Estimate(value, low, high, n)),
        CostPerQuery = costPerQuery,
        OneOffCost = oneOff,
        Forgetting = technique.IsTrained() ? new Estimate(-0.005, -0.02, 0.01, 200) : null,
    };

    /// <summary>An arm measured on per-example scores; its estimate is their bootstrap mean.</summary>
    public static ArmMeasurement Scored(string name, ArmTechnique technique, ImmutableArray<double> scores,
        double? costPerQuery = 0.001, double? oneOff = 0, string model = "big", ModelScale scale = ModelScale.Unknown)
    {
        var estimate = Bootstrap.Mean(scores.AsSpan(), new BootstrapOptions { Resamples = 2000 });
        return Arm(name, technique, estimate.Value, estimate.CiLow, estimate.CiHigh, costPerQuery, oneOff, model, scale, scores.Length) with { ExampleScores = scores };
    }

    /// <summary>n scores, 1 on examples [from, from + correct) and 0 elsewhere (wrapping around).</summary>
    public static ImmutableArray<double> Correct(int n, int correct, int from = 0)
    {
        var scores = new double[n];
        for (var i = 0; i < correct; i++)
            scores[(from + i) % n] = 1;
        return [.. scores];
    }
}
