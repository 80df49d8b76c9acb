using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>
/// The task under study and where its examples live. Paths are absolute: the loader resolves them
/// against the study file's folder. Either <see cref="Data"/> (split by <see cref="Split"/>) or
/// <see cref="Test"/> (with optional <see cref="Train"/> and <see cref="Dev"/>) is set.
/// </summary>
public sealed record TaskSpec
{
    public required TaskKind Kind { get; init; }
    public string? Data { get; init; }
    public string? Train { get; init; }
    public string? Dev { get; init; }
    public string? Test { get; init; }

    /// <summary>Fields shown to the model, in order.</summary>
    public required ImmutableArray<string> Input { get; init; }

    /// <summary>The gold field.</summary>
    public required string Expected { get; init; }

    /// <summary>Optional corpus (file or folder) for retrieval arms.</summary>
    public string? Documents { get; init; }

    public required SplitSpec Split { get; init; }

    /// <summary>True when the study gives separate files rather than one file to split.</summary>
    public bool HasExplicitSplits => Test is not null;

    /// <summary>True when some training examples exist (a train file, or a data file to split).</summary>
    public bool HasTrainingData => Data is not null || Train is not null;
}
