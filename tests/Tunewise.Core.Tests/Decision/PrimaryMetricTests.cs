using System.Collections.Immutable;
using Tunewise.Decision;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Decision;

/// <summary>
/// Which metric the decision is about. It must never come from a dictionary's order: an ImmutableDictionary enumerates
/// by hash, and string hashes differ from one process to the next, so the same study would otherwise name a different
/// metric in its report on each run.
/// </summary>
public class PrimaryMetricTests
{
    private static StudyMeasurements With(RequirementSpec? requirement, params string[] order)
    {
        var estimate = new Estimate(0.5, 0.4, 0.6, 100);
        var metrics = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
            new[] { "token_f1", "exact_match", "rouge_l" }.Select(m => KeyValuePair.Create(m, estimate)));
        return new StudyMeasurements
        {
            Study = "s",
            Requirement = requirement,
            Arms = [new ArmMeasurement { Name = "a", Technique = ArmTechnique.ZeroShot, Model = "m", Metrics = metrics }],
            MetricOrder = [.. order],
        };
    }

    [Theory]
    [InlineData(new[] { "exact_match", "token_f1", "rouge_l" }, "exact_match")]
    [InlineData(new[] { "rouge_l", "exact_match" }, "rouge_l")]
    [InlineData(new[] { "macro_f1", "token_f1" }, "token_f1")] // the study's first metric that any arm measured
    public void Without_a_requirement_it_is_the_study_s_first_metric(string[] order, string expected) =>
        Assert.Equal(expected, With(null, order).PrimaryMetric);

    [Fact]
    public void A_requirement_names_it_and_with_no_study_order_it_is_the_first_by_name() =>
        Assert.Equal(("rouge_l", "exact_match"), (With(new RequirementSpec("rouge_l", 0.9)).PrimaryMetric, With(null).PrimaryMetric));
}
