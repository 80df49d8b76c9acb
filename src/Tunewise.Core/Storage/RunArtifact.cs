using System.Text.Json.Serialization.Metadata;

namespace Tunewise.Storage;

/// <summary>
/// A typed run artefact: one of the <see cref="RunArtifacts"/> kinds, with the source-generated JSON metadata its owner
/// stores it through (naming, escaping and indentation included, so the stored text is the owner's). Owners declare the
/// descriptor next to the type; <see cref="RunStore.SaveAsync{T}"/> and <see cref="RunStore.LoadAsync{T}"/> use it. A
/// per-arm kind is bound to its arm with <see cref="For"/> before it is saved or loaded.
/// </summary>
public sealed class RunArtifact<T>
    where T : class
{
    public RunArtifact(RunArtifactKind kind, JsonTypeInfo<T> json)
        : this(kind, json, arm: null)
    {
    }

    private RunArtifact(RunArtifactKind kind, JsonTypeInfo<T> json, string? arm)
    {
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        Json = json ?? throw new ArgumentNullException(nameof(json));
        Arm = arm;
    }

    public RunArtifactKind Kind { get; }

    public JsonTypeInfo<T> Json { get; }

    /// <summary>The arm a per-arm artefact is bound to; null for a run-level one and for an unbound per-arm descriptor.</summary>
    public string? Arm { get; }

    /// <summary>The name in the store: the kind, with <c>:arm</c> for a per-arm artefact.</summary>
    public string Name => Arm is null ? Kind.Name : Kind.Name + ":" + Arm;

    /// <summary>This per-arm artefact for <paramref name="arm"/>.</summary>
    public RunArtifact<T> For(string arm)
    {
        ArgumentException.ThrowIfNullOrEmpty(arm);
        if (!Kind.PerArm)
            throw new InvalidOperationException($"The '{Kind.Name}' artefact is one per run, not per arm.");
        if (Arm is not null)
            throw new InvalidOperationException($"The '{Name}' artefact is already bound to an arm.");
        return new RunArtifact<T>(Kind, Json, arm);
    }

    /// <summary>The name to store under; refuses a per-arm descriptor not yet bound to an arm.</summary>
    internal string StoredName => Kind.PerArm && Arm is null
        ? throw new InvalidOperationException($"The '{Kind.Name}' artefact is stored per arm; bind it with {nameof(For)}(arm).")
        : Name;
}
