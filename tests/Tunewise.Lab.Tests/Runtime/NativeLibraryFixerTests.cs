using Tunewise.Lab.Runtime;
using Tunewise.Testing;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Runtime;

public class NativeLibraryFixerTests
{
    private static string ShippedBridgeLibrary()
    {
        // The pristine copy in the NuGet cache; the one beside the test assemblies may already be patched.
        string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", NativeLibraryFixer.BridgeLibraryName);
        return File.Exists(cached) ? cached : NativeLibraryFixer.CandidateBridgeLibraries().First();
    }

    [Fact]
    public void Patching_a_copy_sets_only_the_weak_flag_and_is_idempotent()
    {
        using var temp = new TempDirectory();
        string copy = temp.File(NativeLibraryFixer.BridgeLibraryName);
        File.Copy(ShippedBridgeLibrary(), copy);
        // Start from a known state: clear the flag if this copy was patched before.
        var original = File.ReadAllBytes(copy);
        var requirement = ElfFile.Parse(original, copy).VersionRequirements().Single(r => r.Name == NativeLibraryFixer.MissingVersion);
        original[requirement.FlagsOffset] &= unchecked((byte)~ElfFile.VerFlagWeak);
        File.WriteAllBytes(copy, original);

        Assert.Equal(PatchOutcome.Patched, NativeLibraryFixer.MakeVersionRequirementWeak(copy, NativeLibraryFixer.MissingVersion));
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        var differences = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal([(int)requirement.FlagsOffset], differences);
        Assert.True(ElfFile.Parse(patched, copy).VersionRequirements().Single(r => r.Name == NativeLibraryFixer.MissingVersion).IsWeak);
        // Other requirements keep their flags.
        Assert.All(ElfFile.Parse(patched, copy).VersionRequirements().Where(r => r.Name != NativeLibraryFixer.MissingVersion), r => Assert.False(r.IsWeak));

        Assert.Equal(PatchOutcome.AlreadyWeak, NativeLibraryFixer.MakeVersionRequirementWeak(copy, NativeLibraryFixer.MissingVersion));
        Assert.Equal(patched, File.ReadAllBytes(copy));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Reading_from_disk_on_demand_finds_what_reading_the_whole_file_finds()
    {
        var bridge = ShippedBridgeLibrary();
        var stdcpp = NativeLibraryFixer.FindSystemStdCpp();
        Assert.NotNull(stdcpp);

        using (var onDemand = ElfFile.Open(bridge))
            Assert.Equal(ElfFile.Parse(File.ReadAllBytes(bridge), bridge).VersionRequirements(), onDemand.VersionRequirements());
        using (var onDemand = ElfFile.Open(stdcpp))
            Assert.Equal(ElfFile.Parse(File.ReadAllBytes(stdcpp), stdcpp).VersionDefinitions(), onDemand.VersionDefinitions());
    }

    [Fact]
    public void A_truncated_library_is_reported_with_its_path_not_read_past_its_end()
    {
        using var temp = new TempDirectory();
        string copy = temp.File("truncated.so");
        File.WriteAllBytes(copy, File.ReadAllBytes(ShippedBridgeLibrary())[..4096]);

        var error = Assert.Throws<NativeLibraryException>(() => NativeLibraryFixer.MakeVersionRequirementWeak(copy, NativeLibraryFixer.MissingVersion));
        Assert.Contains(copy, error.Message);
    }

    [Fact]
    public void A_version_the_library_does_not_require_leaves_it_untouched()
    {
        using var temp = new TempDirectory();
        string copy = temp.File(NativeLibraryFixer.BridgeLibraryName);
        File.Copy(ShippedBridgeLibrary(), copy);
        var before = File.ReadAllBytes(copy);
        Assert.Equal(PatchOutcome.NotRequired, NativeLibraryFixer.MakeVersionRequirementWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_non_elf_file_gives_a_clear_error_naming_it()
    {
        using var temp = new TempDirectory();
        string path = temp.File("not-a-library.so");
        File.WriteAllText(path, "this is text, not a shared library, and it is long enough to have a header area at all.");
        var error = Assert.Throws<NativeLibraryException>(() => NativeLibraryFixer.MakeVersionRequirementWeak(path, NativeLibraryFixer.MissingVersion));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ELF file", error.Message);
    }

    [Fact]
    public void The_system_libstdcpp_version_definitions_are_readable()
    {
        string? stdcpp = NativeLibraryFixer.FindSystemStdCpp();
        Assert.NotNull(stdcpp);
        Assert.True(NativeLibraryFixer.Provides(stdcpp, "GLIBCXX_3.4"));
    }

    [Fact]
    public void The_libraries_this_process_loads_are_fixed_only_when_the_system_needs_it()
    {
        TorchRuntime.EnsureLoadable();
        var candidates = NativeLibraryFixer.CandidateBridgeLibraries();
        Assert.Contains(candidates, c => c.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), StringComparison.Ordinal));
        string? stdcpp = NativeLibraryFixer.FindSystemStdCpp();
        bool systemHasVersion = stdcpp is not null && NativeLibraryFixer.Provides(stdcpp, NativeLibraryFixer.MissingVersion);
        foreach (var library in candidates)
        {
            var requirement = ElfFile.Parse(File.ReadAllBytes(library), library).VersionRequirements()
                .SingleOrDefault(r => r.Name == NativeLibraryFixer.MissingVersion);
            if (requirement is null) continue;
            if (!systemHasVersion) Assert.True(requirement.IsWeak, $"{library} should have been patched");
        }
    }

    [Fact]
    public void Torch_loads_and_multiplies_matrices()
    {
        TorchRuntime.EnsureLoadable();
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var c = matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }
}
