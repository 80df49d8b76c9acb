using Tunewise.Studies;

namespace Tunewise.Arms.Baselines;

/// <summary>Stands in for the baseline engine in a build that has none (the native build leaves ML.NET out): every baseline arm is refused with <see cref="UnavailableReason"/>.</summary>
public sealed class UnavailableBaselineTrainer(string reason) : IBaselineTrainer
{
    /// <summary>Why the native (ahead-of-time compiled) build has no baselines.</summary>
    public const string NativeBuildReason =
        "the native (ahead-of-time compiled) build of tunewise does not include ML.NET, which generates code at run time; run this study with the .NET tool build (dotnet tool install -g Tunewise) instead";

    public string? UnavailableReason { get; } = reason;

    public ITextClassifier Train(BaselineSpec spec, IReadOnlyList<LabelledText> train, CancellationToken cancellationToken) =>
        throw new UserInputException($"baseline {spec?.KindName} is not available: {UnavailableReason}.");
}
