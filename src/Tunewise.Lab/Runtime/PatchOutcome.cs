namespace Tunewise.Lab.Runtime;

/// <summary>What <see cref="NativeLibraryFixer.MakeVersionRequirementWeak"/> did to a library.</summary>
public enum PatchOutcome
{
    /// <summary>The library does not require that version; the file was not touched.</summary>
    NotRequired,

    /// <summary>The requirement was already weak; the file was not touched.</summary>
    AlreadyWeak,

    /// <summary>The requirement's flag was flipped to weak.</summary>
    Patched,
}
