using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Tunewise.Cli;

/// <summary>Starting this program again as a child process (for isolated measurements and benchmarks).</summary>
internal static class SelfProcess
{
    /// <summary>
    /// The command that runs <c>tunewise</c>: the app host beside the assembly when there is one (a build or publish
    /// output), else the assembly under the dotnet host (an installed tool, or a test run).
    /// </summary>
    public static IReadOnlyList<string> Command()
    {
        // A native (ahead-of-time compiled) build has no assembly file: the program is the process itself.
        if (AssemblyPath is not { } assembly) return [Environment.ProcessPath!];
        var appHost = Path.Combine(Path.GetDirectoryName(assembly)!, OperatingSystem.IsWindows() ? "tunewise.exe" : "tunewise");
        if (File.Exists(appHost)) return [appHost];

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) && Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") host = Environment.ProcessPath;
        return [string.IsNullOrEmpty(host) ? "dotnet" : host, assembly];
    }

    /// <summary>The tunewise assembly's file; null in a native or single-file build, which has none.</summary>
    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "The empty location of a native or single-file build is what this reports as null.")]
    public static string? AssemblyPath => typeof(Program).Assembly.Location is { Length: > 0 } path ? path : null;

    /// <summary><see cref="Command"/> followed by <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var command = Command();
        var start = new ProcessStartInfo(command[0]);
        foreach (var argument in command.Skip(1).Concat(arguments)) start.ArgumentList.Add(argument);
        return start;
    }
}
