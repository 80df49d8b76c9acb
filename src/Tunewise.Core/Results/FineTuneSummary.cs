using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Tunewise.Results;

/// <summary>How a fine-tuning arm's model was trained, and what it forgot.</summary>
public sealed record FineTuneSummary : FineTuneTraining
{
    public FineTuneSummary()
    {
    }

    /// <summary>The report's view of a training: its figures as recorded, with the tuned model's reference.</summary>
    [SetsRequiredMembers]
    public FineTuneSummary(FineTuneTraining training, string tunedModel)
        : base(training)
    {
        TunedModel = tunedModel;
    }

    [JsonPropertyOrder(3)]
    public required string TunedModel { get; init; }

    [JsonPropertyOrder(20)]
    public ForgettingSummary? Forgetting { get; init; }

    /// <summary>The distillation teacher: its calls and cost, and how often the student agrees with it on test.</summary>
    [JsonPropertyOrder(21)]
    public TeacherSummary? Teacher { get; init; }
}
