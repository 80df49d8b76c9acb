using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli;

public static class Program
{
    /// <summary>
    /// When set to a file path, the names of the assemblies the command loaded are written there at exit: how the
    /// benchmark and the tests check that a study without lab or GGUF models never loads TorchSharp or LLamaSharp.
    /// </summary>
    public const string LoadedAssembliesVariable = "TUNEWISE_LOADED_ASSEMBLIES";

    public static int Main(string[] args)
    {
        var exit = Run(args, AnsiConsole.Console);
        if (Environment.GetEnvironmentVariable(LoadedAssembliesVariable) is { Length: > 0 } path)
            File.WriteAllLines(path, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));
        return exit;
    }

    /// <summary>Runs the CLI against a given console; tests pass a TestConsole.</summary>
    public static int Run(string[] args, IAnsiConsole console)
    {
        var app = new CommandApp();
        app.Configure(config => Configure(config, console));
        try
        {
            return app.Run(args);
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
            return ExitCodes.InternalError;
        }
    }

    public static void Configure(IConfigurator config, IAnsiConsole console)
    {
        config.SetApplicationName("tunewise");
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
