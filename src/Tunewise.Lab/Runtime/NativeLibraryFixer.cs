using System.Runtime.InteropServices;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// Makes TorchSharp's native bridge loadable on systems whose libstdc++ is older than the one it was
/// linked against. libLibTorchSharp.so asks for symbol version GLIBCXX_3.4.32 only for
/// <c>std::ios_base_library_init()</c>, which it never actually relocates; marking that single
/// requirement weak lets the dynamic loader accept an older libstdc++ (Debian 12 stops at 3.4.30).
/// Systems whose libstdc++ defines the version are left untouched.
/// </summary>
public static class NativeLibraryFixer
{
    public const string BridgeLibraryName = "libLibTorchSharp.so";
    public const string MissingVersion = "GLIBCXX_3.4.32";
    private const string StdCppFileName = "libstdc++.so.6";

    private static readonly string[] SystemLibraryDirectories =
    [
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    /// <summary>
    /// Finds every copy of the bridge library this process may load and, when the system libstdc++
    /// lacks <see cref="MissingVersion"/>, marks that requirement weak in each of them.
    /// Returns the libraries it patched.
    /// </summary>
    public static IReadOnlyList<string> FixForThisSystem()
    {
        if (!OperatingSystem.IsLinux()) return [];
        var stdcpp = FindSystemStdCpp();
        if (stdcpp is not null && Provides(stdcpp, MissingVersion)) return [];
        var patched = new List<string>();
        foreach (var library in CandidateBridgeLibraries())
        {
            if (MakeVersionRequirementWeak(library, MissingVersion) == PatchOutcome.Patched) patched.Add(library);
        }
        return patched;
    }

    /// <summary>
    /// Where the bridge library can come from: the native search directories the host computed from
    /// the app's deps.json (the app's runtimes/&lt;rid&gt;/native folder, or the NuGet cache in
    /// development layouts), the app folder itself, and the folder of TorchSharp.dll, which is where
    /// TorchSharp's own fallback loader looks.
    /// </summary>
    public static IReadOnlyList<string> CandidateBridgeLibraries()
    {
        var directories = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            directories.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var baseDirectory in new[] { AppContext.BaseDirectory, TorchSharpAssemblyDirectory() })
        {
            if (string.IsNullOrEmpty(baseDirectory)) continue;
            directories.Add(baseDirectory);
            directories.Add(Path.Combine(baseDirectory, "runtimes", rid, "native"));
        }
        return directories
            .Select(d => Path.Combine(d, BridgeLibraryName))
            .Where(File.Exists)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether the library at <paramref name="path"/> defines symbol version <paramref name="version"/>.</summary>
    public static bool Provides(string path, string version)
    {
        using var elf = ElfFile.Open(path);
        return elf.VersionDefinitions().Contains(version);
    }

    /// <summary>The libstdc++ the dynamic loader would pick, or null when none is found.</summary>
    public static string? FindSystemStdCpp()
    {
        var directories = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemLibraryDirectories);
        return directories.Select(d => Path.Combine(d, StdCppFileName)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the requirement for <paramref name="version"/>. The change is one bit;
    /// it is written to a temporary copy which then replaces the file in one rename, so a reader
    /// never sees a half-written library. Running it again does nothing.
    /// </summary>
    public static PatchOutcome MakeVersionRequirementWeak(string path, string version)
    {
        List<ElfFile.VersionRequirement> requirements;
        byte[] bytes;
        try
        {
            // The check reads a few kilobytes; the whole file is read only when it has to be rewritten.
            using (var elf = ElfFile.Open(path))
                requirements = elf.VersionRequirements().Where(r => r.Name == version).ToList();
            if (requirements.Count == 0) return PatchOutcome.NotRequired;
            if (requirements.All(r => r.IsWeak)) return PatchOutcome.AlreadyWeak;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NativeLibraryException($"Cannot read '{path}': {ex.Message}", ex);
        }
        foreach (var requirement in requirements)
        {
            bytes[requirement.FlagsOffset] |= (byte)ElfFile.VerFlagWeak;
        }
        ReplaceAtomically(path, bytes, version);
        return PatchOutcome.Patched;
    }

    private static void ReplaceAtomically(string path, byte[] bytes, string version)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new NativeLibraryException(
                $"'{path}' needs symbol version {version}, which this system's libstdc++ does not provide, " +
                $"and Tunewise cannot patch it because the folder or file is not writable ({ex.Message}). " +
                "Run Tunewise once as a user who can write that folder, or make it writable, " +
                "or install a libstdc++ from GCC 13 or newer.", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? TorchSharpAssemblyDirectory()
    {
        // Found in the host's list of the app's assemblies, so TorchSharp is not even loaded (let alone its native code)
        // by a command that never trains.
        var location = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(p => string.Equals(Path.GetFileName(p), "TorchSharp.dll", StringComparison.OrdinalIgnoreCase));
        return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
    }
}
