using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests;

/// <summary>Runs the CLI in-process on a wide test console and returns its exit code and output.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 240;
        var exitCode = Program.Run(args, console);
        return (exitCode, console.Output);
    }
}
