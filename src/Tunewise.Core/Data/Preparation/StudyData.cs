using Tunewise.Data;

namespace Tunewise.Data.Preparation;

/// <summary>A study's examples as read from its files: one unsplit set (<c>data:</c>), or the train, dev and test files.</summary>
public sealed record StudyData
{
    /// <summary>The examples of <c>data:</c>, to be split; null when the study names its splits.</summary>
    public IReadOnlyList<Example>? Unsplit { get; init; }

    public IReadOnlyList<Example> Train { get; init; } = [];

    public IReadOnlyList<Example> Dev { get; init; } = [];

    public IReadOnlyList<Example> Test { get; init; } = [];
}
