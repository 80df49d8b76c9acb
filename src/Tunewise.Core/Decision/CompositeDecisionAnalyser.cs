using System.Collections.Immutable;

namespace Tunewise.Decision;

/// <summary>Runs several analysers over the same measurements, in order, and keeps every finding.</summary>
public sealed class CompositeDecisionAnalyser
{
    public CompositeDecisionAnalyser(params IEnumerable<IDecisionAnalyser> analysers)
    {
        ArgumentNullException.ThrowIfNull(analysers);
        Analysers = [.. analysers];
        if (Analysers.Any(a => a is null))
            throw new ArgumentException("an analyser is null", nameof(analysers));
        var duplicate = Analysers.GroupBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"two analysers share the id '{duplicate.Key}'; conclusions are tagged by id, so ids must be unique.", nameof(analysers));
    }

    public ImmutableArray<IDecisionAnalyser> Analysers { get; }

    public ImmutableArray<QuestionFinding> Analyse(StudyMeasurements measurements, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(thresholds);
        return [.. Analysers.Select(a => a.Analyse(measurements, thresholds))];
    }
}
