using System.Diagnostics;
using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests;

/// <summary>Runs the CLI in-process on a wide test console, or as its own process, and returns its exit code and output.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 240;
        var exitCode = Program.Run(args, console);
        return (exitCode, console.Output);
    }

    /// <summary>
    /// Runs <paramref name="command"/> (a tunewise executable, or the dotnet host and the tunewise assembly) with
    /// <paramref name="arguments"/> in <paramref name="folder"/> as its own process, and returns its exit code, its
    /// standard output and error, and the assemblies and native libraries it had loaded at exit.
    /// </summary>
    public static async Task<ProcessRun> RunProcessAsync(IReadOnlyList<string> command, string folder, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var modules = Path.Combine(folder, $"modules-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1).Concat(arguments))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.Environment[Program.LoadedAssembliesVariable] = modules;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // A hung child must fail its test, not hang the test run.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tunewise {string.Join(' ', arguments)} did not exit within 15 minutes:\n{await output}{await errors}");
        }
        var loaded = File.Exists(modules) ? File.ReadAllLines(modules) : [];
        File.Delete(modules);
        return new ProcessRun(process.ExitCode, await output + await errors, loaded);
    }
}

/// <summary>A tunewise process's exit code, its output (standard output, then standard error) and what it had loaded.</summary>
internal sealed record ProcessRun(int ExitCode, string Output, IReadOnlyList<string> Modules);
