using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Decision;

/// <summary>What to do, on which arm and model; <see cref="Summary"/> is the sentence for the report.</summary>
public sealed record Recommendation(
    RecommendationKind Kind,
    string? Arm,
    string? Model,
    FineTuneMethod? FineTuneMethod,
    Estimate? Quality,
    string Summary);
