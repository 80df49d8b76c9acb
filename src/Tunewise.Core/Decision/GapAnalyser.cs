using System.Collections.Immutable;
using System.Text;
using Tunewise.Statistics;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// Question 2. Measures how much of the gap between the best prompting arm and the target each retrieval,
/// oracle-context and fine-tuned arm closes, and classifies the best prompting arm's wrong answers.
/// Knowledge: a retrieval or oracle arm closes at least <see cref="DecisionThresholds.KnowledgeGapClosed"/>
/// of the gap and is detectably better than prompting. Behaviour: behaviour errors are more than
/// <see cref="DecisionThresholds.BehaviourErrorShare"/> of the wrong answers, or a fine-tuned arm closes at
/// least <see cref="DecisionThresholds.FineTuneGapClosed"/> and is detectably better. Both or neither: mixed.
/// </summary>
public sealed class GapAnalyser : IDecisionAnalyser
{
    public const string AnalyserId = "gap";
    private const string Question = "Is the gap about knowledge or behaviour?";

    public string Id => AnalyserId;

    QuestionFinding IDecisionAnalyser.Analyse(StudyMeasurements measurements, DecisionThresholds thresholds) => Analyse(measurements, thresholds);

    public GapFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(thresholds);
        var metric = measurements.PrimaryMetric;
        var prompting = ArmSelection.Best(ArmSelection.Scored(measurements, metric, a => a.Technique.IsPrompting()));
        if (prompting is not { } p)
            return NotApplicable("There is no prompting arm to measure a gap from.");
        if (new PromptingAnalyser().Analyse(measurements, thresholds).PromptingIsEnough)
            return NotApplicable($"Prompting is enough ({p.Arm.Name}), so there is no gap to explain.");

        var others = ArmSelection.Scored(measurements, metric, a => !a.Technique.IsPrompting()).ToList();
        var reference = measurements.Requirement?.Target
            ?? others.Select(o => o.Estimate.Value).Append(p.Estimate.Value).Max();
        var gap = reference - p.Estimate.Value;
        var reasoning = new StringBuilder();
        var conclusions = ImmutableArray.CreateBuilder<Conclusion>();
        reasoning.Append($"Gap = {(measurements.Requirement is null ? "best achievable" : "target")} {Score(reference)} − {p.Arm.Name} {Score(p.Estimate.Value)} = {Score(gap)}. ");

        var shares = ImmutableArray<GapShare>.Empty;
        if (gap > 0)
        {
            shares = [.. others.Select(o => ShareOf(o.Arm, o.Estimate, p.Arm, p.Estimate, reference, gap, thresholds.Alpha))];
            foreach (var share in shares)
                reasoning.Append($"{share.Arm} ({share.Technique}) closes {Percent(share.Share.Value)} of it (95% CI {Percent(share.Share.CiLow)} to {Percent(share.Share.CiHigh)}, {share.Method}). ");
            if (shares.Any(s => s.Method != PairedMethod))
                conclusions.Add(Conclusion.Hint(AnalyserId, "Some gap shares are approximated from the arms' separate intervals (treated as independent normal); record per-example scores for paired intervals."));
        }
        else
        {
            reasoning.Append("The best prompting arm's point estimate already reaches the reference: what is missing is certainty, not quality, so gap shares are not defined. ");
        }

        var errors = p.Arm.Errors;
        var behaviourShare = errors?.BehaviourShare;
        if (errors is { Total: > 0 })
        {
            reasoning.Append($"Of {p.Arm.Name}'s {errors.Total} wrong answers, {errors.FormatViolation} break the format, {errors.LabelOutsideSet} use a label outside the set, "
                + $"{errors.WrongShape} have the wrong fields or shape, {errors.RubricOrStyle} miss the rubric or style and {errors.ContentError} are content errors: "
                + $"{Percent(behaviourShare!.Value)} behaviour failures. ");
        }
        else
        {
            reasoning.Append($"{p.Arm.Name}'s wrong answers were not classified by cause. ");
        }

        bool Detectable(GapShare s) => s.Share.CiLow > 0;
        var knowledgeArm = shares.Where(s => s.Technique is ArmTechnique.Retrieval or ArmTechnique.OracleContext)
            .Where(s => s.Share.Value >= thresholds.KnowledgeGapClosed && Detectable(s)).MaxBy(s => s.Share.Value);
        var tunedArm = shares.Where(s => s.Technique.IsTrained())
            .Where(s => s.Share.Value >= thresholds.FineTuneGapClosed && Detectable(s)).MaxBy(s => s.Share.Value);
        var behaviourErrors = behaviourShare > thresholds.BehaviourErrorShare;
        var knowledge = knowledgeArm is not null;
        var behaviour = behaviourErrors || tunedArm is not null;
        var verdict = (knowledge, behaviour) switch
        {
            (true, false) => GapVerdict.Knowledge,
            (false, true) => GapVerdict.Behaviour,
            _ => GapVerdict.Mixed,
        };

        if (knowledgeArm is not null)
            reasoning.Append($"{knowledgeArm.Arm} closes at least {Percent(thresholds.KnowledgeGapClosed)} of the gap and is detectably better than prompting: the model lacks knowledge. ");
        if (behaviourErrors)
            reasoning.Append($"Behaviour failures are more than {Percent(thresholds.BehaviourErrorShare)} of the wrong answers. ");
        if (tunedArm is not null)
            reasoning.Append($"{tunedArm.Arm} closes at least {Percent(thresholds.FineTuneGapClosed)} of the gap and is detectably better than prompting. ");
        if (!knowledge && !behaviour)
            reasoning.Append("No arm closes enough of the gap detectably and the errors are not mostly behaviour failures. ");

        var answer = verdict switch
        {
            GapVerdict.Knowledge => "Knowledge: retrieval is the candidate (RAG).",
            GapVerdict.Behaviour => "Behaviour: fine-tuning is the candidate.",
            _ => knowledge && behaviour ? "Mixed: both retrieval and behaviour fixes close part of the gap." : "Mixed: neither knowledge nor behaviour explains most of the gap.",
        };
        if (shares.Any(s => s.Share.CiLow <= 0 && s.Share.CiHigh >= 0 && s.Share.Value > 0))
            conclusions.Add(Conclusion.Hint(AnalyserId, "Some arms' share of the gap has an interval that includes 0: the study cannot tell them apart from prompting."));

        return new GapFinding
        {
            Number = 2, Question = Question, Verdict = verdict, Gap = gap, Reference = reference, Shares = shares,
            PromptingErrors = errors, BehaviourErrorShare = behaviourShare,
            Answer = answer, Reasoning = reasoning.ToString().TrimEnd(), Conclusions = conclusions.ToImmutable(),
        };
    }

    internal const string PairedMethod = "paired bootstrap over examples";
    internal const string ApproximateMethod = "normal approximation from the two intervals, assumed independent";

    private static GapShare ShareOf(ArmMeasurement arm, Estimate estimate, ArmMeasurement prompting, Estimate promptingEstimate, double reference, double gap, double alpha)
    {
        var a = arm.ExampleScores;
        var b = prompting.ExampleScores;
        if (a.Length > 0 && a.Length == b.Length)
        {
            // The gap itself moves with the prompting arm's resampled mean, so both are recomputed together.
            double Statistic(ReadOnlySpan<int> indices)
            {
                double sumA = 0, sumB = 0;
                foreach (var i in indices)
                {
                    sumA += a[i];
                    sumB += b[i];
                }
                var meanB = sumB / indices.Length;
                var resampledGap = reference - meanB;
                return resampledGap > 0 ? (sumA / indices.Length - meanB) / resampledGap : double.NaN;
            }
            var share = Bootstrap.Statistic(a.Length, Statistic, new BootstrapOptions { Confidence = 1 - alpha });
            // The observed share uses the recorded estimates so it matches the numbers in the report.
            return new GapShare(arm.Name, arm.Technique, share with { Value = (estimate.Value - promptingEstimate.Value) / gap }, PairedMethod);
        }

        var z = NormalDistribution.Quantile(1 - alpha / 2);
        var seA = estimate.Width / (2 * z);
        var seB = promptingEstimate.Width / (2 * z);
        var difference = estimate.Value - promptingEstimate.Value;
        var half = z * Math.Sqrt(seA * seA + seB * seB);
        return new GapShare(arm.Name, arm.Technique,
            new Estimate(difference / gap, (difference - half) / gap, (difference + half) / gap, Math.Min(estimate.N, promptingEstimate.N)), ApproximateMethod);
    }

    private static GapFinding NotApplicable(string reason) => new()
    {
        Number = 2, Question = Question, Verdict = GapVerdict.NotApplicable, Answer = "Not applicable.", Reasoning = reason,
    };
}
