namespace Tunewise.Storage;

/// <summary>
/// A kind of run artefact: its name in the store, and whether a run holds one per arm (stored as <c>kind:arm</c>) or one
/// in all. The kinds are listed in <see cref="RunArtifacts"/>, the only place that can make one.
/// </summary>
public sealed class RunArtifactKind
{
    internal RunArtifactKind(string name, bool perArm)
    {
        Name = name;
        PerArm = perArm;
    }

    public string Name { get; }

    public bool PerArm { get; }

    public override string ToString() => Name;
}
