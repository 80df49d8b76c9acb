using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Evaluation.Scoring.Judging;

namespace Tunewise.Evaluation.Scoring;

/// <summary>Settings a study can give its metrics. Each scorer reads the ones it needs and ignores the rest.</summary>
public sealed record ScorerOptions
{
    public static ScorerOptions Default { get; } = new();

    /// <summary>The task's label set, when known (classification); answers are matched against it.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>What exact_match and contains ignore.</summary>
    public TextNormalization Normalization { get; init; } = TextNormalization.Default;

    /// <summary>The regex metric's pattern; <c>{{expected}}</c> inside it stands for the escaped gold value.</summary>
    public string? Pattern { get; init; }

    /// <summary>JSON Schema text for json_schema_valid.</summary>
    public string? JsonSchema { get; init; }

    /// <summary>Numeric metric: an answer within this absolute distance of the gold value passes.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-6;

    /// <summary>Numeric metric: an answer within this fraction of |gold| passes.</summary>
    public double RelativeTolerance { get; init; }

    /// <summary>The model that judges outputs for the judge metric.</summary>
    public IChatClient? JudgeClient { get; init; }

    public string? Rubric { get; init; }

    public JudgeScale JudgeScale { get; init; } = JudgeScale.OneToFive;

    /// <summary>Free-form settings for custom scorers registered by name.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
