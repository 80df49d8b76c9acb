using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli;

public static class Program
{
    /// <summary>
    /// When set to a file path, the names of the assemblies the command loaded and of the native libraries mapped into the
    /// process are written there at exit: how the benchmark and the tests check that a study without lab or GGUF models
    /// never loads TorchSharp, libtorch or llama.cpp.
    /// </summary>
    public const string LoadedAssembliesVariable = "TUNEWISE_LOADED_ASSEMBLIES";

    public static int Main(string[] args)
    {
        var exit = Run(args, AnsiConsole.Console);
        if (Environment.GetEnvironmentVariable(LoadedAssembliesVariable) is { Length: > 0 } path)
            File.WriteAllLines(path, LoadedModules());
        return exit;
    }

    /// <summary>
    /// Loaded assemblies (a native build has every assembly compiled in, so it lists none) and the file names of the
    /// shared libraries in /proc/self/maps.
    /// </summary>
    internal static IEnumerable<string> LoadedModules()
    {
        var assemblies = SelfProcess.AssemblyPath is null
            ? []
            : AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "");
        var libraries = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length == 6 && fields[5].Contains(".so", StringComparison.Ordinal))
                .Select(fields => Path.GetFileName(fields[5].Trim()))
            : [];
        return assemblies.Concat(libraries).Distinct().Order(StringComparer.Ordinal);
    }

    /// <summary>Runs the CLI against a given console; tests pass a TestConsole.</summary>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Spectre.Console.Cli reads command and settings types by reflection; a native publish keeps both assemblies whole (Tunewise.Cli.csproj), and NativeBuildTests runs the native build.")]
    public static int Run(string[] args, IAnsiConsole console)
    {
        var app = new CommandApp();
        app.Configure(config => Configure(config, console));
        // Ctrl+C cancels the running command through its token, so it can stop cleanly (a run writes what it stored).
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return app.Run(args, cancel.Token);
        }
        catch (UserInputException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (CommandParseException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (CommandRuntimeException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.InternalError;
        }
        catch (Exception ex)
        {
            console.MarkupLineInterpolated($"[red]internal error:[/] {ex.GetType().Name}: {ex.Message}");
            foreach (var line in InternalErrorDetails(ex)) console.MarkupLineInterpolated($"[grey]{line}[/]");
            return ExitCodes.InternalError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// What follows an internal error's first line: each inner exception ("caused by"), innermost last, since the outer
    /// one is often only a wrapper (a type initializer, an aggregate), then the full trace a bug report needs.
    /// </summary>
    internal static IEnumerable<string> InternalErrorDetails(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            yield return $"  caused by {inner.GetType().Name}: {inner.Message}";
        yield return exception.ToString();
    }

    /// <summary>The version <c>tunewise --version</c> prints: the package version, and the source revision when the build knew it.</summary>
    internal static string InformationalVersion =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void Configure(IConfigurator config, IAnsiConsole console)
    {
        config.SetApplicationName("tunewise");
        config.SetApplicationVersion(InformationalVersion);
        config.Settings.Console = console;
        config.Settings.PropagateExceptions = true;
        // Each area registers its commands in one line here (see Commands/<Area>/<Area>Commands.cs).
        Commands.Studies.StudyCommands.Register(config);
        Commands.Run.RunCommands.Register(config);
        Commands.Reports.ReportCommands.Register(config);
        Commands.Data.DataCommands.Register(config);
        Commands.Models.ModelCommands.Register(config);
        Commands.Planning.PlanCommands.Register(config);
        Commands.Export.ExportCommands.Register(config);
        Commands.Lab.LabCommands.Register(config);
        Commands.Bench.BenchCommands.Register(config);
    }
}
