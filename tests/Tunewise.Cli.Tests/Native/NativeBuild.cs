using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Native;

/// <summary>
/// The native build of the CLI (<c>dotnet publish src/Tunewise.Cli -c Release -r linux-x64 -p:PublishAot=true</c>),
/// published once per test run into <c>artifacts/native-test/bin</c> from a copy of the sources in
/// <c>artifacts/native-test/source</c>, so the test run's own build folders are never touched. A stamp of every input lets a
/// later test run reuse the build while the sources are unchanged; a clean clone always publishes (about four minutes on
/// two cores). Publishing needs clang, which <c>.ci/install-deps</c> installs.
/// </summary>
public sealed class NativeBuild
{
    private static readonly Lazy<NativeBuild> Shared = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    private NativeBuild(string executable, string log)
    {
        Executable = executable;
        Log = log;
    }

    public static NativeBuild Instance => Shared.Value;

    public string Executable { get; }

    /// <summary>What the publish printed, or why it was reused.</summary>
    public string Log { get; }

    private static NativeBuild Publish()
    {
        if (!File.Exists("/usr/bin/clang") && !File.Exists("/usr/bin/clang-14") && !OnPath("clang"))
            throw new InvalidOperationException("The native build needs clang; install it with .ci/install-deps (or `sudo apt-get install -y clang`).");
        var folder = Repository.Path("artifacts", "native-test");
        var output = Path.Combine(folder, "bin");
        var executable = Path.Combine(output, "tunewise");
        var stampFile = Path.Combine(folder, "sources.sha256");
        var inputs = Inputs();
        var stamp = Stamp(inputs);
        if (File.Exists(executable) && File.Exists(stampFile) && File.ReadAllText(stampFile) == stamp)
            return new NativeBuild(executable, $"reused {executable}: the sources are unchanged since it was published");

        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var source = Path.Combine(folder, "source");
        foreach (var file in inputs)
        {
            var copy = Path.Combine(source, Path.GetRelativePath(Repository.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = source, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "publish", "src/Tunewise.Cli", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo" })
            start.ArgumentList.Add(argument);
        // The test host's MSBuild settings belong to the test run's own build, not to this one.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var log = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 || !File.Exists(executable))
            throw new InvalidOperationException($"dotnet publish -p:PublishAot=true failed ({process.ExitCode}):\n{log}");
        File.WriteAllText(stampFile, stamp);
        return new NativeBuild(executable, log);
    }

    /// <summary>Every file the native build is made from: the build settings, the sources, schemas and built-in models.</summary>
    private static List<string> Inputs() =>
        new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" }.Select(f => Repository.Path(f)).Where(File.Exists)
            .Concat(new[] { "src", "schemas", "models" }.SelectMany(folder => Directory.EnumerateFiles(Repository.Path(folder), "*", SearchOption.AllDirectories)))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>A hash over the names and contents of <paramref name="files"/>.</summary>
    private static string Stamp(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Repository.Root, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));
}
